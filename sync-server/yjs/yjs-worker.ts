/**
 * The Yjs worker thread: holds every document clients may write and decodes and applies their
 * updates, so that an update costing far more than its size (a heap of tiny items, a conflict
 * that Yjs resolves in quadratic time) exhausts this thread's heap or time budget — and the
 * host (yjs-worker-host.ts) restarts it — instead of the server's. Started as
 * dist/yjs-worker.js, or from source through tsx (runtime/worker-entry.ts).
 *
 * Every update is measured first (update-meter.ts); one that is malformed, embeds a
 * subdocument or would take the document or the device past its item budget is refused
 * without Yjs reading it.
 */
import { parentPort } from 'node:worker_threads';
import * as Y from 'yjs';
import { parseDocName } from '#common/protocol/doc-names';
import { type MinutesEdit, MinutesDoc } from '../minutes/minutes-doc';
import { readMinutesContent } from '../minutes/read-minutes-content';
import { MalformedUpdate, measureUpdate } from './update-meter';
import type {
  DocSize,
  NumberedRequest,
  WorkerRefusal,
  WorkerRequest,
  WorkerResponse,
  WorkerResults,
} from './yjs-worker-protocol';

if (!parentPort) throw new Error('yjs-worker.ts must run in a worker thread');
const port = parentPort;

/** Origin of updates applied here: they come from a client through the hub. */
const REMOTE = Symbol('remote');
/** Origin of the server's own writes (a minutes template, record blocks and their repairs). */
const SERVER = Symbol('server');

interface Held {
  readonly doc: Y.Doc;
  /** Structs in the document's store. */
  items: number;
  /**
   * Structs of the update waiting for a part it depends on (Yjs's pending structs), measured
   * once per pending update: they are not in the store yet, but join it all at once when the
   * missing part arrives, and snapshots and sync answers carry them already.
   */
  pendingItems: number;
  pendingOf: Uint8Array | null;
  /** A minutes document's record-block guard and writer; null for other documents. */
  readonly minutes: MinutesDoc | null;
  /**
   * The whole document as one update, encoded once and kept until the next transaction: every
   * client that opens the document afresh (an empty state vector: a new device, a reader of a
   * shared layer) and every compaction is answered with it, instead of encoding the whole
   * document again each time (200–400 ms of worker time for a 5,000-annotation layer, per open).
   */
  whole: Uint8Array | null;
}

const docs = new Map<string, Held>();

class Refused extends Error {
  constructor(readonly refusal: WorkerRefusal) {
    super(refusal.message);
  }
}

function structCount(doc: Y.Doc): number {
  let n = 0;
  for (const structs of doc.store.clients.values()) n += structs.length;
  return n;
}

/** Recounts what the document holds, measuring a new pending update once. */
function size(h: Held): DocSize {
  h.items = structCount(h.doc);
  const pending = h.doc.store.pendingStructs?.update ?? null;
  if (pending !== h.pendingOf) {
    h.pendingOf = pending;
    // Yjs keeps what waits as one V2 update; the meter reads V1.
    h.pendingItems = pending ? measureUpdate(Y.convertUpdateFormatV2ToV1(pending)).structs : 0;
  }
  const pendingBytes = (pending?.length ?? 0) + (h.doc.store.pendingDs?.length ?? 0);
  return { items: h.items + h.pendingItems, pendingBytes };
}

function measure(update: Uint8Array) {
  try {
    return measureUpdate(update);
  } catch (err) {
    if (err instanceof MalformedUpdate) throw new Refused({ kind: 'malformed', message: err.message });
    throw err;
  }
}

function held(name: string): Held {
  const h = docs.get(name);
  if (!h) throw new Refused({ kind: 'not-loaded', message: `document ${name} is not loaded` });
  return h;
}

/** Whether a transaction added or deleted anything in the document's store. */
function changedStore(tr: Y.Transaction): boolean {
  if (tr.deleteSet.clients.size > 0 || tr.beforeState.size !== tr.afterState.size) return true;
  for (const [client, clock] of tr.afterState) if (tr.beforeState.get(client) !== clock) return true;
  return false;
}

/** The whole document as one update (see {@link Held.whole}). */
function whole(h: Held): Uint8Array {
  h.whole ??= Y.encodeStateAsUpdate(h.doc);
  return h.whole;
}

/** What a client with `stateVector` lacks; a client with nothing gets the kept whole state. */
function diff(h: Held, stateVector: Uint8Array): Uint8Array {
  let empty: boolean;
  try {
    empty = Y.decodeStateVector(stateVector).size === 0;
  } catch {
    throw new Refused({ kind: 'malformed', message: 'malformed state vector' });
  }
  if (empty) return whole(h);
  try {
    return Y.encodeStateAsUpdate(h.doc, stateVector);
  } catch {
    throw new Refused({ kind: 'malformed', message: 'malformed state vector' });
  }
}

/** Runs `fn`, answering what the document emitted meanwhile as one update (null: nothing). */
function captured(doc: Y.Doc, fn: () => void): Uint8Array | null {
  const emitted: Uint8Array[] = [];
  const onUpdate = (u: Uint8Array) => emitted.push(u);
  doc.on('update', onUpdate);
  try {
    fn();
  } finally {
    doc.off('update', onUpdate);
  }
  return emitted.length === 0 ? null : emitted.length === 1 ? emitted[0]! : Y.mergeUpdates(emitted);
}

function minutesOf(name: string): MinutesDoc {
  const m = held(name).minutes;
  if (!m) throw new Refused({ kind: 'internal', message: `${name} is not a minutes document` });
  return m;
}

function edit(name: string, change: MinutesEdit): WorkerResults['edit'] {
  const h = held(name);
  const m = minutesOf(name);
  const update = captured(h.doc, () => m.edit(change));
  return { ...size(h), update };
}

function load(name: string, rows: Uint8Array[], maxItems: number, seed?: MinutesEdit): WorkerResults['load'] {
  const existing = docs.get(name);
  if (existing) return size(existing);
  let structs = 0;
  for (const row of rows) structs += measure(row).structs;
  // Rows count a struct once per row it was written in, and merging makes fewer: past twice
  // the budget the document cannot fit, and is not even read.
  if (structs > 2 * maxItems) {
    throw new Refused({
      kind: 'budget',
      scope: 'document',
      message: `stored rows hold ${structs} structs; the budget is ${maxItems}`,
    });
  }
  const doc = new Y.Doc();
  const isMinutes = parseDocName(name)?.kind === 'minutes';
  try {
    doc.transact(() => {
      for (const row of rows) Y.applyUpdate(doc, row, 'load');
    });
  } catch (err) {
    doc.destroy();
    throw new Refused({ kind: 'malformed', message: `stored rows do not apply: ${(err as Error).message}` });
  }
  const h: Held = {
    doc,
    items: 0,
    pendingItems: 0,
    pendingOf: null,
    minutes: isMinutes ? new MinutesDoc(doc, SERVER) : null,
    whole: null,
  };
  // A transaction that changed the document's content, deletions or parts waiting for a missing
  // one (even a refused update that Yjs read in part) ends the kept encoding. One that changed
  // nothing keeps it: every client answers the server's sync with its own state, which for a
  // new device or a reader is an empty update, and that answer used to cost the next new
  // device a whole encoding (0.1–0.3 s for a 5,000-annotation layer).
  let pendingBefore: readonly unknown[] = [];
  doc.on('beforeTransaction', () => {
    pendingBefore = [doc.store.pendingStructs, doc.store.pendingDs];
  });
  doc.on('afterTransaction', (tr: Y.Transaction) => {
    if (
      changedStore(tr) ||
      doc.store.pendingStructs !== pendingBefore[0] ||
      doc.store.pendingDs !== pendingBefore[1]
    )
      h.whole = null;
  });
  const loaded = size(h);
  if (loaded.items > maxItems) {
    doc.destroy();
    throw new Refused({
      kind: 'budget',
      scope: 'document',
      message: `the document holds ${loaded.items} structs; the budget is ${maxItems}`,
    });
  }
  docs.set(name, h);
  if (!seed || !h.minutes) return loaded;
  const minutes = h.minutes;
  const update = captured(doc, () => minutes.edit(seed));
  return { ...size(h), update };
}

function apply(
  name: string,
  update: Uint8Array,
  maxItems: number,
  deviceItems: number,
): WorkerResults['apply'] {
  const h = held(name);
  const m = measure(update);
  if (m.subdocuments > 0) {
    throw new Refused({ kind: 'subdocument', message: `${m.subdocuments} subdocument(s) in the update` });
  }
  const before = size(h);
  if (before.items + m.structs > maxItems) {
    throw new Refused({
      kind: 'budget',
      scope: 'document',
      message: `${m.structs} structs onto ${before.items}; the budget is ${maxItems}`,
    });
  }
  if (m.structs > deviceItems) {
    throw new Refused({
      kind: 'budget',
      scope: 'device',
      message: `${m.structs} structs; the device may add ${Math.max(0, deviceItems)} more`,
    });
  }
  const emitted: Uint8Array[] = [];
  const onUpdate = (u: Uint8Array) => emitted.push(u);
  h.doc.on('update', onUpdate);
  let repaired = false;
  try {
    Y.applyUpdate(h.doc, update, REMOTE);
    // Record blocks hold the server's figures whatever the client sent (minutes-doc.ts).
    repaired = h.minutes?.repair() ?? false;
  } catch (err) {
    // Part of it may have been integrated before Yjs gave up: then this copy is ahead of the
    // log, so it goes, and the document is read again from the log on its next use.
    const dropped = emitted.length > 0;
    if (dropped) {
      docs.delete(name);
      h.doc.destroy();
    }
    throw new Refused({
      kind: 'malformed',
      message: `update does not apply: ${(err as Error).message}`,
      dropped,
    });
  } finally {
    h.doc.off('update', onUpdate);
  }
  const after = size(h);
  return {
    ...after,
    update: emitted.length === 0 ? null : emitted.length === 1 ? emitted[0]! : Y.mergeUpdates(emitted),
    structs: m.structs,
    growth: Math.max(0, after.items - before.items),
    repaired,
  };
}

function contains(name: string, update: Uint8Array): boolean {
  const h = held(name);
  measure(update);
  try {
    return Y.snapshotContainsUpdate(Y.snapshot(h.doc), update);
  } catch (err) {
    throw new Refused({ kind: 'malformed', message: `update does not read: ${(err as Error).message}` });
  }
}

function handle(req: WorkerRequest): WorkerResults[keyof WorkerResults] {
  switch (req.op) {
    case 'load':
      return load(req.doc, req.rows, req.maxItems, req.seed);
    case 'apply':
      return apply(req.doc, req.update, req.maxItems, req.deviceItems);
    case 'contains':
      return contains(req.doc, req.update);
    case 'stateVector':
      return Y.encodeStateVector(held(req.doc).doc);
    case 'diff':
      return diff(held(req.doc), req.stateVector);
    case 'snapshot':
      return whole(held(req.doc));
    case 'unload': {
      const h = docs.get(req.doc);
      docs.delete(req.doc);
      h?.minutes?.destroy();
      h?.doc.destroy();
      return null;
    }
    case 'edit':
      return edit(req.doc, req.edit);
    case 'readMinutes':
      return readMinutesContent(minutesOf(req.doc).fragment);
    case 'recordKeys':
      return minutesOf(req.doc).recordKeys();
    default:
      throw new Error(`unknown request ${JSON.stringify(req satisfies never)}`);
  }
}

port.on('message', (req: NumberedRequest) => {
  const started = performance.now();
  let response: WorkerResponse;
  try {
    const result = handle(req);
    response = { id: req.id, ms: performance.now() - started, ok: true, result };
  } catch (err) {
    const refusal: WorkerRefusal =
      err instanceof Refused
        ? err.refusal
        : { kind: 'internal', message: (err as Error).message ?? String(err) };
    response = { id: req.id, ms: performance.now() - started, ok: false, refusal };
  }
  port.postMessage(response);
});

port.postMessage({ ready: true } satisfies WorkerResponse);
