import { afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import type { WorkerRequest } from '../../sync-server/yjs/yjs-worker-protocol';
import { type WorkerFailure, YjsWorkerHost } from '../../sync-server/yjs/yjs-worker-host';
import { conflictBomb, mapBomb } from '../hostile/helpers/hostile-updates';

/** The update log of these tests: rows per document, as the hub's loader reads them. */
const logs = new Map<string, Uint8Array[]>();
const hosts: YjsWorkerHost[] = [];
afterEach(async () => {
  for (const h of hosts.splice(0)) await h.close();
  logs.clear();
});

function host(opts: ConstructorParameters<typeof YjsWorkerHost>[3] = {}, maxItems = 10_000) {
  const restarts: { failure: WorkerFailure; culprit: WorkerRequest }[] = [];
  const h = new YjsWorkerHost(
    (doc) => ({ op: 'load', doc, rows: logs.get(doc) ?? [], maxItems }),
    (failure, culprit) => restarts.push({ failure, culprit }),
    (err) => {
      throw err;
    },
    opts,
  );
  hosts.push(h);
  return { h, restarts };
}

function textUpdate(client: number, text: string): Uint8Array {
  const d = new Y.Doc();
  d.clientID = client;
  d.getText('t').insert(0, text);
  return Y.encodeStateAsUpdate(d);
}

/** The text of a document as the worker would send it to a new client. */
async function textOf(h: YjsWorkerHost, doc: string): Promise<string> {
  const answer = await h.request({ op: 'diff', doc, stateVector: new Uint8Array([0]) });
  if (!answer.ok) throw new Error(JSON.stringify(answer));
  const d = new Y.Doc();
  Y.applyUpdate(d, answer.result);
  return d.getText('t').toString();
}

describe('the Yjs worker host', () => {
  it('loads, applies and answers syncs, counting structs, refusing past the item budgets', async () => {
    const { h } = host();
    logs.set('a', [textUpdate(1, 'xin chào')]);
    const loaded = await h.request({ op: 'load', doc: 'a', rows: logs.get('a')!, maxItems: 100 });
    expect(loaded).toMatchObject({ ok: true, result: { items: 1, pendingBytes: 0 } });

    const update = mapBomb({ client: 5, clock: 0, entries: 40 });
    const applied = await h.request({ op: 'apply', doc: 'a', update, maxItems: 100, deviceItems: 50 });
    expect(applied.ok).toBe(true);
    if (!applied.ok) return;
    expect(applied.result).toMatchObject({ items: 41, structs: 40, growth: 40 });
    expect(applied.result.update).not.toBeNull();

    // The same again adds nothing and emits nothing.
    const again = await h.request({ op: 'apply', doc: 'a', update, maxItems: 100, deviceItems: 50 });
    expect(again).toMatchObject({ ok: true, result: { items: 41, growth: 0, update: null } });

    const tooMany = mapBomb({ client: 6, clock: 0, entries: 60 });
    expect(
      await h.request({ op: 'apply', doc: 'a', update: tooMany, maxItems: 100, deviceItems: 1000 }),
    ).toMatchObject({
      ok: false,
      refusal: { kind: 'budget', scope: 'document' },
    });
    expect(
      await h.request({ op: 'apply', doc: 'a', update: tooMany, maxItems: 1000, deviceItems: 59 }),
    ).toMatchObject({
      ok: false,
      refusal: { kind: 'budget', scope: 'device' },
    });
    expect(await textOf(h, 'a')).toBe('xin chào');
  });

  it('answers new clients and compactions with the whole document, current after every change', async () => {
    const { h } = host();
    logs.set('w', [textUpdate(1, 'một')]);
    await h.request({ op: 'load', doc: 'w', rows: logs.get('w')!, maxItems: 1000 });
    const wholeOf = async (op: 'diff' | 'snapshot'): Promise<Uint8Array> => {
      const answer =
        op === 'diff'
          ? await h.request({ op, doc: 'w', stateVector: new Uint8Array([0]) })
          : await h.request({ op, doc: 'w' });
      if (!answer.ok) throw new Error(JSON.stringify(answer));
      return answer.result;
    };
    // Asked twice without a change in between: the same bytes (the kept encoding).
    const first = await wholeOf('diff');
    expect(await wholeOf('diff')).toEqual(first);
    expect(await wholeOf('snapshot')).toEqual(first);
    // Every kind of change is in the next answer: a client's update, one waiting for a missing
    // part, and the part that releases it.
    const reference = new Y.Doc();
    Y.applyUpdate(reference, first);
    const writer = new Y.Doc();
    writer.clientID = 7;
    Y.applyUpdate(writer, first);
    const edits: Uint8Array[] = [];
    writer.on('update', (u: Uint8Array) => edits.push(u));
    writer.getText('t').insert(0, 'hai ');
    writer.getText('t').insert(0, 'ba ');
    writer.getText('t').delete(0, 1);
    const [a, b, c] = edits as [Uint8Array, Uint8Array, Uint8Array];
    // An update with nothing new (a client's answer to the server's sync) changes no answer.
    const nothingNew = Y.encodeStateAsUpdate(reference, Y.encodeStateVector(reference));
    expect(
      await h.request({ op: 'apply', doc: 'w', update: nothingNew, maxItems: 1000, deviceItems: 1000 }),
    ).toMatchObject({ ok: true });
    expect(await wholeOf('diff')).toEqual(first);
    for (const [update, text] of [
      [a, 'hai một'],
      [c, 'hai một'],
      [b, 'a hai một'],
    ] as const) {
      const applied = await h.request({ op: 'apply', doc: 'w', update, maxItems: 1000, deviceItems: 1000 });
      expect(applied.ok).toBe(true);
      Y.applyUpdate(reference, update);
      for (const op of ['diff', 'snapshot'] as const) {
        const d = new Y.Doc();
        Y.applyUpdate(d, await wholeOf(op));
        expect(d.getText('t').toString()).toBe(text);
        expect(Y.encodeStateVector(d)).toEqual(Y.encodeStateVector(reference));
      }
    }
    // A client that has part of it still gets only what it lacks.
    const partial = await h.request({ op: 'diff', doc: 'w', stateVector: Y.encodeStateVector(reference) });
    expect(partial.ok && partial.result.length).toBeLessThan(first.length);
    expect(await h.request({ op: 'diff', doc: 'w', stateVector: new Uint8Array([5]) })).toMatchObject({
      ok: false,
      refusal: { kind: 'malformed' },
    });
  });

  it('counts structs waiting for a missing part against the budget', async () => {
    const { h } = host();
    await h.request({ op: 'load', doc: 'p', rows: [], maxItems: 1000 });
    // Clocks 100… of a client whose first 100 the document never got: all of it waits.
    const waiting = mapBomb({ client: 9, clock: 100, entries: 300 });
    const answer = await h.request({
      op: 'apply',
      doc: 'p',
      update: waiting,
      maxItems: 1000,
      deviceItems: 1000,
    });
    expect(answer).toMatchObject({ ok: true, result: { items: 300, growth: 300, update: null } });
    if (answer.ok) expect(answer.result.pendingBytes).toBeGreaterThan(0);
    // So 800 more cannot come in, though the store itself is empty.
    const more = mapBomb({ client: 10, clock: 0, entries: 800 });
    expect(
      await h.request({ op: 'apply', doc: 'p', update: more, maxItems: 1000, deviceItems: 1000 }),
    ).toMatchObject({
      ok: false,
      refusal: { kind: 'budget', scope: 'document' },
    });
  });

  it('refuses to load a document over its item budget, counted exactly or, far over, without reading it', async () => {
    const { h } = host();
    const rows = [mapBomb({ client: 1, clock: 0, entries: 1500 })];
    expect(await h.request({ op: 'load', doc: 'exact', rows, maxItems: 1000 })).toMatchObject({
      ok: false,
      refusal: { kind: 'budget', message: 'the document holds 1500 structs; the budget is 1000' },
    });
    expect(await h.request({ op: 'load', doc: 'far', rows, maxItems: 700 })).toMatchObject({
      ok: false,
      refusal: { kind: 'budget', message: 'stored rows hold 1500 structs; the budget is 700' },
    });
    expect(h.holds('exact')).toBe(false);
  });

  it('replaces a worker that runs out of time; the requests behind it run on the new one, in order', async () => {
    const { h, restarts } = host({ timeoutMs: 500 });
    const bomb = conflictBomb(6000, { base: 1, first: 2, second: 3 });
    logs.set('slow', [bomb.base, bomb.first]);
    logs.set('other', [textUpdate(7, 'biên bản')]);
    await h.request({ op: 'load', doc: 'slow', rows: logs.get('slow')!, maxItems: 100_000 });
    await h.request({ op: 'load', doc: 'other', rows: logs.get('other')!, maxItems: 100_000 });

    const costly = h.request({
      op: 'apply',
      doc: 'slow',
      update: bomb.second,
      maxItems: 100_000,
      deviceItems: 100_000,
    });
    // Queued behind it: an edit of another document, and a sync answer that must include it.
    const edit = new Y.Doc();
    edit.clientID = 8;
    Y.applyUpdate(edit, logs.get('other')![0]!);
    edit.getText('t').insert(0, 'Dự thảo ');
    const editUpdate = Y.encodeStateAsUpdate(edit, Y.encodeStateVectorFromUpdate(logs.get('other')![0]!));
    const applied = h.request({
      op: 'apply',
      doc: 'other',
      update: editUpdate,
      maxItems: 100_000,
      deviceItems: 100_000,
    });
    const text = textOf(h, 'other');

    const failed = await costly;
    expect(failed).toMatchObject({ ok: false, failure: 'timeout' });
    expect(restarts).toEqual([
      expect.objectContaining({
        failure: 'timeout',
        culprit: expect.objectContaining({ op: 'apply', doc: 'slow' }),
      }),
    ]);
    expect(await applied).toMatchObject({ ok: true, result: { growth: 1 } });
    expect(await text).toBe('Dự thảo biên bản');
    // The slow document is read again from its log: without the refused update.
    const slow = await h.request({ op: 'diff', doc: 'slow', stateVector: new Uint8Array([0]) });
    expect(slow.ok).toBe(true);
    if (slow.ok) {
      const d = new Y.Doc();
      Y.applyUpdate(d, slow.result);
      expect(d.getArray('a').length).toBe(6001);
    }
  });

  it('answers a load that exhausts the worker heap with a failure, and keeps serving other documents', async () => {
    const { h } = host({ maxOldGenerationSizeMb: 32 }, 1_000_000);
    logs.set('fine', [textUpdate(3, 'ổn')]);
    await h.request({ op: 'load', doc: 'fine', rows: logs.get('fine')!, maxItems: 1_000_000 });
    const huge = [0, 1, 2].map((i) => mapBomb({ client: 4, clock: i * 150_000, entries: 150_000 }));
    const answer = await h.request({ op: 'load', doc: 'huge', rows: huge, maxItems: 1_000_000 });
    expect(answer).toMatchObject({ ok: false });
    expect(['memory', 'crash']).toContain('failure' in answer ? answer.failure : answer);
    expect(await textOf(h, 'fine')).toBe('ổn');
  });
});
