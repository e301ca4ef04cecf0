import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import type { Logger } from 'pino';
import type WebSocket from 'ws';
import * as awarenessProtocol from 'y-protocols/awareness';
import * as syncProtocol from 'y-protocols/sync';
import * as Y from 'yjs';
import { type CloseCode, CloseCodes } from '#common/protocol/close-codes';
import type { MinutesContent, RecordKind } from '#common/schemas/minutes';
import type { MinutesEdit } from '../minutes/minutes-doc';
import type { BudgetScope, DeviceLedger, YjsBudgets } from './budgets';
import { type PresenceLimits, screenAwarenessUpdate } from './presence';
import { MalformedUpdate, measureUpdate } from './update-meter';
import type { UpdateLog } from './update-log';
import type { WorkerAnswer, YjsWorkerHost } from './yjs-worker-host';
import type { WorkerResults } from './yjs-worker-protocol';

/** y-websocket message types (the first varUint of every frame). */
export const MessageType = { sync: 0, awareness: 1, auth: 2, queryAwareness: 3 } as const;

/** One open socket on a document. */
export interface Connection {
  readonly ws: WebSocket;
  /** Re-decided whenever the rights of the meeting change (YjsHub.reauthorize). */
  canWrite: boolean;
  readonly deviceSessionId: string | null;
  /** Whose budgets and rates this socket spends: its device session. */
  readonly device: string;
  /**
   * The participant the socket's device signed in as. The server writes it into every presence
   * state the socket sends (PRESENCE_PARTICIPANT_KEY); null stamps `null`.
   */
  participant: { readonly id: string; readonly name: string; readonly role: string } | null;
  /**
   * Awareness client ids this socket introduced, for its whole lifetime: only this socket may
   * change or remove their presence, and it may introduce at most `maxIdsPerSocket`.
   */
  readonly awarenessIds: Set<number>;
}

/** What every document needs from the hub. */
export interface DocContext {
  readonly log: UpdateLog;
  readonly logger: Logger;
  /** Log rows per document before it is compacted into one snapshot. */
  readonly compactThreshold: number;
  readonly presenceLimits: PresenceLimits;
  /**
   * How long presence changes are gathered before they are sent on, as one message (per 64
   * entries) to every socket: presence then costs each socket at most one frame per interval,
   * however many readers turn pages, and it is sent on a timer instead of in the middle of
   * reading the frames, so it does not hold up document updates waiting behind it. 0: on the
   * next turn of the event loop.
   */
  readonly presenceBatchMs: number;
  /** Awareness messages received from every socket so far (metrics; presence traffic in tests). */
  readonly presenceReceived: { messages: number };
  readonly budgets: YjsBudgets;
  /** What each device has added (device budgets). */
  readonly ledger: DeviceLedger;
  /** Where documents that clients write live; started on first use. */
  readonly worker: () => YjsWorkerHost;
  /** Whether the device of `conn` may still make the worker work (its rate of worker time). */
  readonly mayWork: (conn: Connection) => boolean;
  /** Charges worker time to the device of `conn`. */
  readonly chargeWork: (conn: Connection, ms: number) => void;
  /** Runs `fn` after every earlier write of the same device: device budgets are then exact. */
  readonly inDeviceTurn: <T>(device: string, fn: () => Promise<T>) => Promise<T>;
  /** Persistence failed: the document must go (its sockets are closed with 1011). */
  readonly onFailure: (doc: SharedDoc) => void;
  /** The document is over its budget or cannot be loaded within bounds: it stays closed. */
  readonly onQuarantine: (doc: SharedDoc, reason: string) => void;
  /** A minutes document's template, written into it on load if it was never seeded. */
  readonly seedOf: (docName: string) => MinutesEdit | null;
}

/** The document's stored size is over its budget, found when it was opened. */
export class DocumentOverBudget extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DocumentOverBudget';
  }
}

function encodeSyncUpdate(update: Uint8Array): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, MessageType.sync);
  syncProtocol.writeUpdate(encoder, update);
  return encoding.toUint8Array(encoder);
}

function encodeSyncStep(type: number, payload: Uint8Array): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, MessageType.sync);
  encoding.writeVarUint(encoder, type);
  encoding.writeVarUint8Array(encoder, payload);
  return encoding.toUint8Array(encoder);
}

/**
 * Awareness messages for `clients`, at most `perMessage` entries each: a stock provider
 * re-sends what it applied from one message as one message, which must stay within the
 * limit of entries we accept.
 */
function encodeAwareness(
  awareness: awarenessProtocol.Awareness,
  clients: readonly number[],
  perMessage: number,
): Uint8Array[] {
  const messages: Uint8Array[] = [];
  const step = Math.max(1, perMessage);
  for (let i = 0; i < clients.length; i += step) {
    const encoder = encoding.createEncoder();
    encoding.writeVarUint(encoder, MessageType.awareness);
    encoding.writeVarUint8Array(
      encoder,
      awarenessProtocol.encodeAwarenessUpdate(awareness, clients.slice(i, i + step)),
    );
    messages.push(encoding.toUint8Array(encoder));
  }
  return messages;
}

/** Thrown when a message breaks the rules of its socket; the socket is closed with `close`. */
export class ProtocolViolation extends Error {
  constructor(
    readonly close: CloseCode,
    message: string,
  ) {
    super(message);
    this.name = 'ProtocolViolation';
  }
}

const READ_ONLY = 'this socket may only read the document';

/**
 * One Yjs document with the sockets that have it open: presence, persistence and broadcast.
 * Every update is appended to the update log *before* it is broadcast, so whatever any client
 * has seen survives a restart. Where the document's state lives differs: the server's own
 * documents are held here (ServerDoc), the ones clients write in the Yjs worker (WorkerDoc).
 */
export abstract class SharedDoc {
  readonly conns = new Map<WebSocket, Connection>();
  abstract readonly awareness: awarenessProtocol.Awareness;
  /** Bytes of the document's rows in the update log. */
  protected storedBytes = 0;
  /** Bytes appended since the last compaction (what compacting could give back). */
  protected appendedBytes = 0;
  /** Rows in the update log since the last snapshot; past the threshold the log is compacted. */
  protected rowsSinceCompaction = 0;
  private compactionScheduled = false;
  /** Set once persistence failed or the document was quarantined: it must go. */
  protected failed = false;
  /** Which open socket introduced each awareness client id (see presence.ts). */
  private readonly presenceOwners = new Map<number, Connection>();
  /**
   * Client ids whose socket has closed, with the time: their clock is kept for a while, so
   * that late echoes of their removal are recognised as such, and then forgotten.
   */
  private readonly departed = new Map<number, number>();
  /** Client ids whose presence changed since it was last sent, and the timer that sends it. */
  private readonly presenceChanged = new Set<number>();
  private presenceTimer: NodeJS.Timeout | null = null;

  constructor(
    readonly name: string,
    protected readonly ctx: DocContext,
  ) {
    const stored = ctx.log.storedSize(name);
    if (stored.bytes > ctx.budgets.document.bytes) {
      throw new DocumentOverBudget(
        `${stored.bytes} bytes stored in ${stored.rows} rows; the budget is ${ctx.budgets.document.bytes}`,
      );
    }
    this.storedBytes = stored.bytes;
    this.rowsSinceCompaction = stored.rows;
  }

  /** Starts listening to presence; subclasses call it once their awareness exists. */
  protected listenToPresence(): void {
    // The server has no presence of its own.
    this.awareness.setLocalState(null);
    this.awareness.on('update', this.onAwarenessUpdate);
  }

  /** Stored bytes, structs held and bytes waiting (tests, metrics). */
  abstract size(): { bytes: number; items: number | null; pendingBytes: number };

  /**
   * Stores an update the document has integrated and sends it to every other socket. When it
   * cannot be stored the document fails, and sends nothing more.
   */
  protected persist(update: Uint8Array, origin: unknown): void {
    if (this.failed) return;
    try {
      this.ctx.log.append(this.name, update);
    } catch (err) {
      this.failed = true;
      this.ctx.logger.error({ err, doc: this.name }, 'could not persist a Yjs update; closing the document');
      this.ctx.onFailure(this);
      return;
    }
    this.storedBytes += update.length;
    this.appendedBytes += update.length;
    this.rowsSinceCompaction++;
    if (this.rowsSinceCompaction > this.ctx.compactThreshold) this.scheduleCompaction();
    const message = encodeSyncUpdate(update);
    for (const conn of this.conns.values()) {
      if (conn !== origin) send(conn.ws, message);
    }
  }

  private readonly onAwarenessUpdate = ({
    added,
    updated,
    removed,
  }: {
    added: number[];
    updated: number[];
    removed: number[];
  }): void => {
    for (const ids of [added, updated, removed]) for (const id of ids) this.presenceChanged.add(id);
    if (this.presenceTimer === null && this.presenceChanged.size > 0) {
      this.presenceTimer = setTimeout(this.sendPresence, this.ctx.presenceBatchMs);
    }
  };

  /** Sends the presence that changed since the last time, each entry as it stands now. */
  private readonly sendPresence = (): void => {
    this.presenceTimer = null;
    // An id whose clock was forgotten meanwhile (presence.ts) has nothing left to send.
    const changed = [...this.presenceChanged].filter((id) => this.awareness.meta.has(id));
    this.presenceChanged.clear();
    if (this.failed) return;
    // To every socket, the sender's too: like the stock server (a client ignores its own clock).
    for (const message of encodeAwareness(
      this.awareness,
      changed,
      this.ctx.presenceLimits.maxEntriesPerMessage,
    )) {
      for (const c of this.conns.values()) send(c.ws, message);
    }
  };

  /** Registers a socket and starts the sync: our state vector, then everyone's presence. */
  attach(conn: Connection): void {
    this.conns.set(conn.ws, conn);
    this.sendSyncStep1(conn);
    this.sendAllPresence(conn);
  }

  /** Sends the socket our SyncStep1 (the document's state vector). */
  protected abstract sendSyncStep1(conn: Connection): void;

  private sendAllPresence(conn: Connection): void {
    const states = [...this.awareness.getStates().keys()];
    for (const message of encodeAwareness(
      this.awareness,
      states,
      this.ctx.presenceLimits.maxEntriesPerMessage,
    )) {
      send(conn.ws, message);
    }
  }

  /** Forgets a socket and removes the presence it introduced. */
  detach(conn: Connection): void {
    if (!this.conns.delete(conn.ws)) return;
    const now = Date.now();
    this.forgetDeparted(now);
    if (conn.awarenessIds.size === 0) return;
    for (const id of conn.awarenessIds) {
      if (this.presenceOwners.get(id) === conn) this.presenceOwners.delete(id);
      this.departed.set(id, now);
    }
    awarenessProtocol.removeAwarenessStates(this.awareness, [...conn.awarenessIds], null);
  }

  /**
   * Drops the clocks of ids whose socket closed more than the awareness timeout ago and that
   * nobody has introduced again, so a stream of short-lived sockets cannot grow the server's
   * awareness without bound.
   */
  private forgetDeparted(now: number): void {
    for (const [id, at] of this.departed) {
      if (now - at < awarenessProtocol.outdatedTimeout) break; // in departure order
      this.departed.delete(id);
      if (!this.presenceOwners.has(id) && !this.awareness.states.has(id)) this.awareness.meta.delete(id);
    }
  }

  /**
   * Handles one binary frame; the hub runs a socket's frames one after another. Throws (or
   * rejects with) ProtocolViolation for anything the socket may not do or that does not parse;
   * the caller closes the socket with the violation's code.
   */
  handleMessage(conn: Connection, data: Uint8Array): Promise<void> | void {
    // A socket the server is closing (for a violation, say) still delivers what it sent before
    // our close frame reached it; none of that is applied.
    if (conn.ws.readyState !== conn.ws.OPEN || this.failed) return;
    let decoder: decoding.Decoder;
    let type: number;
    try {
      decoder = decoding.createDecoder(data);
      type = decoding.readVarUint(decoder);
    } catch {
      throw new ProtocolViolation(CloseCodes.InvalidPayload, 'unreadable message header');
    }
    switch (type) {
      case MessageType.sync: {
        let syncType: number;
        let payload: Uint8Array;
        try {
          syncType = decoding.readVarUint(decoder);
          payload = decoding.readVarUint8Array(decoder);
        } catch {
          throw new ProtocolViolation(CloseCodes.InvalidPayload, 'truncated sync message');
        }
        if (syncType === syncProtocol.messageYjsSyncStep1) return this.answerSyncStep1(conn, payload);
        if (syncType !== syncProtocol.messageYjsSyncStep2 && syncType !== syncProtocol.messageYjsUpdate) {
          throw new ProtocolViolation(CloseCodes.InvalidPayload, `unknown sync message type ${syncType}`);
        }
        return this.receiveUpdate(conn, payload);
      }
      case MessageType.awareness:
        this.handleAwareness(conn, decoder);
        return;
      case MessageType.queryAwareness:
        this.sendAllPresence(conn);
        return;
      case MessageType.auth:
        // Authentication happens before the upgrade; the in-band auth message carries nothing for us.
        return;
      default:
        throw new ProtocolViolation(CloseCodes.InvalidPayload, `unknown message type ${type}`);
    }
  }

  /** Answers a client's SyncStep1 with what it lacks (SyncStep2). */
  protected abstract answerSyncStep1(conn: Connection, stateVector: Uint8Array): Promise<void> | void;

  /**
   * A SyncStep2 or update from the client. Stock clients answer our SyncStep1 with a SyncStep2
   * even when they only read; that is harmless while it holds nothing we lack. Anything new
   * from a read-only socket is a write attempt (1008).
   */
  protected abstract receiveUpdate(conn: Connection, update: Uint8Array): Promise<void> | void;

  /** Presence: see presence.ts for which entries are applied, dropped or refused. */
  private handleAwareness(conn: Connection, decoder: decoding.Decoder): void {
    this.ctx.presenceReceived.messages++;
    let update: Uint8Array;
    try {
      update = decoding.readVarUint8Array(decoder);
    } catch {
      throw new ProtocolViolation(CloseCodes.InvalidPayload, 'malformed awareness update');
    }
    const screened = screenAwarenessUpdate(update, {
      ownerOf: (id) => {
        const owner = this.presenceOwners.get(id);
        return owner === undefined ? 'none' : owner === conn ? 'self' : 'other';
      },
      knownClock: (id) => this.awareness.meta.get(id)?.clock,
      introducedSoFar: conn.awarenessIds.size,
      participant: conn.participant,
      limits: this.ctx.presenceLimits,
    });
    if (!screened.ok) throw new ProtocolViolation(screened.close, screened.message);
    if (screened.oversized) {
      this.ctx.logger.debug(
        { doc: this.name, entries: screened.dropped },
        'dropped an oversized awareness message',
      );
    }
    for (const id of screened.introduced) {
      conn.awarenessIds.add(id);
      this.presenceOwners.set(id, conn);
      this.departed.delete(id);
    }
    if (!screened.update) return;
    try {
      awarenessProtocol.applyAwarenessUpdate(this.awareness, screened.update, conn);
    } catch {
      throw new ProtocolViolation(CloseCodes.InvalidPayload, 'malformed awareness update');
    }
  }

  private scheduleCompaction(): void {
    if (this.compactionScheduled) return;
    this.compactionScheduled = true;
    // Off the broadcast path: compaction encodes the whole document.
    setImmediate(() => {
      this.compactionScheduled = false;
      if (!this.failed) void this.compact();
    });
  }

  /** The whole document as one update, or null when it cannot be had (the worker failed). */
  protected abstract snapshot(): Promise<Uint8Array | null> | Uint8Array | null;

  /**
   * Replaces the document's log rows with one snapshot. A snapshot taken here is stored at once,
   * so nothing can be appended in between; one from the worker arrives after the answers to
   * every update the worker applied before it, which are appended by then, and before the
   * answers to the ones after it: either way the rows it replaces are exactly the ones it holds.
   */
  compact(): Promise<void> {
    if (this.compacting) return this.compacting;
    if (this.failed) return Promise.resolve();
    const snapshot = this.snapshot();
    if (!(snapshot instanceof Promise)) {
      this.storeSnapshot(snapshot);
      return Promise.resolve();
    }
    this.compacting = snapshot
      .then((s) => this.storeSnapshot(s))
      .finally(() => {
        this.compacting = null;
      });
    return this.compacting;
  }

  /** The compaction waiting for its snapshot from the worker, if any. */
  private compacting: Promise<void> | null = null;

  private storeSnapshot(snapshot: Uint8Array | null): void {
    if (snapshot === null || this.failed) return;
    try {
      this.ctx.log.compact(this.name, snapshot);
      this.storedBytes = snapshot.length;
      this.appendedBytes = 0;
      this.rowsSinceCompaction = 1;
    } catch (err) {
      // The old rows are still there; compaction is retried after the next threshold.
      this.ctx.logger.warn({ err, doc: this.name }, 'compaction failed');
    }
  }

  /** Marks the document as gone (failed or quarantined): it sends and stores nothing more. */
  markFailed(): void {
    this.failed = true;
  }

  /** Releases memory and timers; sockets must be closed or detached first. */
  destroy(): void {
    this.failed = true;
    this.awareness.off('update', this.onAwarenessUpdate);
    if (this.presenceTimer !== null) clearTimeout(this.presenceTimer);
    this.presenceTimer = null;
    this.awareness.destroy();
  }
}

/**
 * A document only the server writes (a meeting's live document), held in this thread: every
 * socket reads it and none may write it, so no client update is ever applied here.
 */
export class ServerDoc extends SharedDoc {
  readonly doc = new Y.Doc();
  readonly awareness = new awarenessProtocol.Awareness(this.doc);

  /** Structs a read-only socket's SyncStep2 may carry before it is taken for a write attempt. */
  static readonly READ_ONLY_STRUCTS = 1000;

  constructor(name: string, ctx: DocContext) {
    super(name, ctx);
    const rows = ctx.log.rows(name);
    let structs = 0;
    for (const row of rows) structs += measureUpdate(row).structs;
    if (structs > 2 * ctx.budgets.document.items) {
      this.awareness.destroy();
      throw new DocumentOverBudget(
        `stored rows hold ${structs} structs; the budget is ${ctx.budgets.document.items}`,
      );
    }
    this.doc.transact(() => {
      for (const row of rows) Y.applyUpdate(this.doc, row, 'load');
    });
    this.listenToPresence();
    this.doc.on('update', this.onUpdate);
    if (rows.length > ctx.compactThreshold) void this.compact();
  }

  private readonly onUpdate = (update: Uint8Array, origin: unknown): void => {
    this.persist(update, origin);
  };

  size() {
    let items = 0;
    for (const structs of this.doc.store.clients.values()) items += structs.length;
    return { bytes: this.storedBytes, items, pendingBytes: 0 };
  }

  protected sendSyncStep1(conn: Connection): void {
    send(conn.ws, encodeSyncStep(syncProtocol.messageYjsSyncStep1, Y.encodeStateVector(this.doc)));
  }

  protected answerSyncStep1(conn: Connection, stateVector: Uint8Array): void {
    let update: Uint8Array;
    try {
      update = Y.encodeStateAsUpdate(this.doc, stateVector);
    } catch {
      throw new ProtocolViolation(CloseCodes.InvalidPayload, 'malformed state vector');
    }
    send(conn.ws, encodeSyncStep(syncProtocol.messageYjsSyncStep2, update));
  }

  protected receiveUpdate(_conn: Connection, update: Uint8Array): void {
    // Measured before Yjs reads it: a harmless SyncStep2 carries no structs the server lacks,
    // so one with many is a write attempt without decoding it.
    let structs: number;
    try {
      structs = measureUpdate(update).structs;
    } catch (err) {
      throw new ProtocolViolation(
        CloseCodes.InvalidPayload,
        err instanceof MalformedUpdate ? `malformed update: ${err.message}` : 'malformed update',
      );
    }
    if (structs > ServerDoc.READ_ONLY_STRUCTS)
      throw new ProtocolViolation(CloseCodes.PolicyViolation, READ_ONLY);
    let harmless: boolean;
    try {
      harmless = Y.snapshotContainsUpdate(Y.snapshot(this.doc), update);
    } catch {
      throw new ProtocolViolation(CloseCodes.InvalidPayload, 'malformed update');
    }
    if (!harmless) throw new ProtocolViolation(CloseCodes.PolicyViolation, READ_ONLY);
  }

  protected snapshot(): Uint8Array {
    return Y.encodeStateAsUpdate(this.doc);
  }

  override destroy(): void {
    this.doc.off('update', this.onUpdate);
    super.destroy();
    this.doc.destroy();
  }
}

const BUDGET_CLOSE: Record<BudgetScope, { bytes: CloseCode; items: CloseCode }> = {
  document: { bytes: CloseCodes.DocumentBytesBudget, items: CloseCodes.DocumentItemsBudget },
  deviceDocument: {
    bytes: CloseCodes.DeviceDocumentBytesBudget,
    items: CloseCodes.DeviceDocumentItemsBudget,
  },
  device: { bytes: CloseCodes.DeviceBytesBudget, items: CloseCodes.DeviceItemsBudget },
};

/**
 * A document clients write (minutes, annotation layers). Its state lives in the Yjs worker,
 * which decodes and applies every update within a heap and a time bound; here are its sockets,
 * presence, budgets and the log. Each write is checked against the budgets before the worker
 * sees it — bytes here, items by the worker's measure — and refused writes are never stored
 * nor sent on.
 */
export class WorkerDoc extends SharedDoc {
  /** Presence needs a Y.Doc only for its client id; the document itself is in the worker. */
  private readonly presenceDoc = new Y.Doc();
  readonly awareness = new awarenessProtocol.Awareness(this.presenceDoc);
  private items: number | null = null;
  private pendingBytes = 0;
  /** Bytes of writes sent to the worker and not answered yet. */
  private reservedBytes = 0;

  constructor(name: string, ctx: DocContext) {
    super(name, ctx);
    this.listenToPresence();
    this.open().catch((err: unknown) => {
      this.ctx.logger.error({ err, doc: this.name }, 'could not load a Yjs document');
      this.failed = true;
      this.ctx.onFailure(this);
    });
  }

  private get worker(): YjsWorkerHost {
    return this.ctx.worker();
  }

  /** Loads the document into the worker; over its budget, or out of bounds, it is quarantined. */
  private async open(): Promise<void> {
    const rows = this.ctx.log.rows(this.name);
    const seed = this.ctx.seedOf(this.name);
    const answer = await this.worker.request({
      op: 'load',
      doc: this.name,
      rows,
      maxItems: this.ctx.budgets.document.items,
      ...(seed ? { seed } : {}),
    });
    if (answer.ok) {
      this.items = answer.result.items;
      // The template, stored before any socket's sync is answered (those requests queue behind).
      if (answer.result.update) this.persist(answer.result.update, null);
      if (rows.length > this.ctx.compactThreshold) void this.compact();
      return;
    }
    if ('failure' in answer && answer.failure === 'closed') return;
    // No worker could be started: not the document's fault (logged by the hub).
    if ('failure' in answer && answer.failure === 'unavailable')
      throw new Error('the Yjs worker is unavailable');
    this.quarantine(
      'refusal' in answer ? answer.refusal.message : `loading ran out of bounds (${answer.failure})`,
    );
  }

  private quarantine(reason: string): void {
    if (this.failed) return;
    this.failed = true;
    this.ctx.onQuarantine(this, reason);
  }

  size() {
    return { bytes: this.storedBytes, items: this.items, pendingBytes: this.pendingBytes };
  }

  /**
   * Runs a worker request for `conn`, charging its device the worker's time. Refusals that are
   * not about the update (the document could not be read again) quarantine the document;
   * running out of a bound refuses the update.
   */
  private async work<K extends keyof WorkerResults>(
    conn: Connection,
    run: () => Promise<WorkerAnswer<K>>,
  ): Promise<WorkerResults[K]> {
    if (!this.ctx.mayWork(conn)) {
      throw new ProtocolViolation(CloseCodes.WorkRateLimited, 'device over its rate of worker time');
    }
    const answer = await run();
    this.ctx.chargeWork(conn, answer.ms);
    if (answer.ok) return answer.result;
    if ('failure' in answer) {
      if (answer.failure === 'closed') throw new ProtocolViolation(CloseCodes.GoingAway, 'worker closed');
      if (answer.failure === 'unavailable') {
        throw new ProtocolViolation(CloseCodes.InternalError, 'the Yjs worker is unavailable');
      }
      throw new ProtocolViolation(
        CloseCodes.UpdateTooCostly,
        `the worker ran out of ${answer.failure === 'timeout' ? 'time' : answer.failure === 'memory' ? 'memory' : 'bounds'} after ${Math.round(answer.ms)} ms`,
      );
    }
    const refusal = answer.refusal;
    switch (refusal.kind) {
      case 'malformed':
        throw new ProtocolViolation(CloseCodes.InvalidPayload, `malformed update: ${refusal.message}`);
      case 'subdocument':
        throw new ProtocolViolation(CloseCodes.SubdocumentRefused, refusal.message);
      case 'budget':
        // Device refusals are re-labelled by the caller, which knows which device budget it was.
        throw new ProtocolViolation(
          refusal.scope === 'document' ? CloseCodes.DocumentItemsBudget : CloseCodes.DeviceItemsBudget,
          refusal.message,
        );
      case 'not-loaded':
        this.quarantine(refusal.message);
        throw new ProtocolViolation(CloseCodes.DocumentQuarantined, refusal.message);
      case 'internal':
        throw new ProtocolViolation(CloseCodes.InternalError, refusal.message);
      default:
        throw new Error(`unknown refusal ${JSON.stringify(refusal satisfies never)}`);
    }
  }

  protected sendSyncStep1(conn: Connection): void {
    this.work(conn, () => this.worker.request({ op: 'stateVector', doc: this.name })).then(
      (sv) => {
        if (!this.failed && this.conns.has(conn.ws)) {
          send(conn.ws, encodeSyncStep(syncProtocol.messageYjsSyncStep1, sv));
        }
      },
      (err) => this.closeFor(conn, err),
    );
  }

  protected async answerSyncStep1(conn: Connection, stateVector: Uint8Array): Promise<void> {
    const update = await this.work(conn, () =>
      this.worker.request({ op: 'diff', doc: this.name, stateVector }),
    );
    if (!this.failed) send(conn.ws, encodeSyncStep(syncProtocol.messageYjsSyncStep2, update));
  }

  protected async receiveUpdate(conn: Connection, update: Uint8Array): Promise<void> {
    if (!conn.canWrite) {
      const harmless = await this.work(conn, () =>
        this.worker.request({ op: 'contains', doc: this.name, update }),
      );
      if (!harmless) throw new ProtocolViolation(CloseCodes.PolicyViolation, READ_ONLY);
      return;
    }
    await this.checkBytes(conn, update.length);
    await this.ctx.inDeviceTurn(conn.device, () => this.write(conn, update));
  }

  /** Refuses a write that would take the document or the device past a byte budget. */
  private async checkBytes(conn: Connection, bytes: number): Promise<void> {
    const budget = this.ctx.budgets.document.bytes;
    const over = () => this.storedBytes + this.reservedBytes + this.pendingBytes + bytes > budget;
    // Rows that only churn (a value set again and again) shrink when compacted: compact
    // before refusing when enough was appended since the last time to make it worth it.
    if (over() && this.appendedBytes >= budget / 8) await this.compact();
    if (over()) {
      throw new ProtocolViolation(
        CloseCodes.DocumentBytesBudget,
        `${bytes} bytes onto ${this.storedBytes + this.reservedBytes + this.pendingBytes}; the budget is ${budget}`,
      );
    }
    const device = this.ctx.ledger.bytesOver(conn.device, this.name, bytes);
    if (device)
      throw new ProtocolViolation(BUDGET_CLOSE[device].bytes, `${bytes} bytes over the device budget`);
  }

  /** Applies a write in the worker, then stores it and sends it on. */
  private async write(conn: Connection, update: Uint8Array): Promise<void> {
    if (this.failed || conn.ws.readyState !== conn.ws.OPEN) return;
    const left = this.ctx.ledger.itemsLeft(conn.device, this.name);
    this.reservedBytes += update.length;
    let applied: WorkerResults['apply'];
    try {
      applied = await this.work(conn, () =>
        this.worker.request({
          op: 'apply',
          doc: this.name,
          update,
          maxItems: this.ctx.budgets.document.items,
          deviceItems: left.items,
        }),
      );
    } catch (err) {
      if (err instanceof ProtocolViolation && err.close === CloseCodes.DeviceItemsBudget) {
        throw new ProtocolViolation(BUDGET_CLOSE[left.scope].items, err.message);
      }
      throw err;
    } finally {
      this.reservedBytes -= update.length;
    }
    this.items = applied.items;
    this.pendingBytes = applied.pendingBytes;
    // The device is charged what was stored: a SyncStep2 that brings nothing new costs nothing.
    this.ctx.ledger.charge(conn.device, this.name, applied.update?.length ?? 0, applied.growth);
    // A repaired update goes back to its sender too: the repair is news to it.
    if (applied.update) this.persist(applied.update, applied.repaired ? null : conn);
  }

  /**
   * A server write into this minutes document, in the worker: stored and sent to every socket
   * like a client's update. Throws when the worker cannot do it.
   */
  async serverEdit(edit: MinutesEdit): Promise<void> {
    const answer = await this.worker.request({ op: 'edit', doc: this.name, edit });
    if (!answer.ok) throw new Error(`could not write ${this.name}: ${workerWhy(answer)}`);
    this.items = answer.result.items;
    this.pendingBytes = answer.result.pendingBytes;
    if (answer.result.update) this.persist(answer.result.update, null);
  }

  /** This minutes document read as blocks, in the worker. */
  async readMinutes(): Promise<MinutesContent> {
    const answer = await this.worker.request({ op: 'readMinutes', doc: this.name });
    if (!answer.ok) throw new Error(`could not read ${this.name}: ${workerWhy(answer)}`);
    return answer.result;
  }

  /** The records this minutes document holds blocks of. */
  async recordKeys(): Promise<{ kind: RecordKind; refId: string }[]> {
    const answer = await this.worker.request({ op: 'recordKeys', doc: this.name });
    if (!answer.ok) throw new Error(`could not read ${this.name}: ${workerWhy(answer)}`);
    return answer.result;
  }

  /** Closes a socket for an error of work started outside its message queue. */
  private closeFor(conn: Connection, err: unknown): void {
    const close = err instanceof ProtocolViolation ? err.close : CloseCodes.InternalError;
    if (!(err instanceof ProtocolViolation))
      this.ctx.logger.error({ err, doc: this.name }, 'yjs worker request failed');
    closeWith(conn.ws, close);
  }

  protected async snapshot(): Promise<Uint8Array | null> {
    if (!this.worker.holds(this.name)) return null;
    const answer = await this.worker.request({ op: 'snapshot', doc: this.name });
    if (answer.ok) return answer.result;
    this.ctx.logger.warn(
      { doc: this.name, why: 'refusal' in answer ? answer.refusal.message : answer.failure },
      'could not take a snapshot of the document; its rows stay as they are',
    );
    return null;
  }

  override destroy(): void {
    super.destroy();
    this.presenceDoc.destroy();
    this.worker.unload(this.name);
  }
}

function workerWhy(answer: { ok: false } & ({ refusal: { message: string } } | { failure: string })): string {
  return 'refusal' in answer ? answer.refusal.message : answer.failure;
}

/** Closes a socket with a close code unless it is already closing. */
export function closeWith(ws: WebSocket, close: { code: number; reason: string }): void {
  if (ws.readyState === ws.OPEN || ws.readyState === ws.CONNECTING) ws.close(close.code, close.reason);
}

/** Sends unless the socket is already closing; a failed send closes that socket only. */
export function send(ws: WebSocket, message: Uint8Array): void {
  if (ws.readyState !== ws.OPEN) return;
  ws.send(message, { binary: true }, (err) => {
    if (err) ws.terminate();
  });
}
