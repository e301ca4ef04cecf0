import { describe, expect, it } from 'vitest';
import {
  MAX_PENDING_OPENS,
  type PendingOpen,
  ReadReceiptOutbox,
} from '../../../renderer/src/features/documents/read-receipt-outbox';

/** A Storage stand-in: what a reload would read back. */
function memoryStorage() {
  const items = new Map<string, string>();
  return {
    getItem: (key: string) => items.get(key) ?? null,
    setItem: (key: string, value: string) => void items.set(key, value),
  };
}

/** A server that is down until `up` is set, and records what it took. */
function fakeServer() {
  const state = { up: false, taken: [] as PendingOpen[], refuse: new Set<string>() };
  const send = async (open: PendingOpen) => {
    if (!state.up) throw Object.assign(new Error('offline'), { status: null });
    if (state.refuse.has(open.documentId)) throw Object.assign(new Error('gone'), { status: 404 });
    state.taken.push(open);
  };
  return { state, send };
}

describe('read receipt outbox', () => {
  it('keeps opens made offline, across a reload, and sends them in order when the server is back', async () => {
    const storage = memoryStorage();
    const server = fakeServer();
    const outbox = new ReadReceiptOutbox(server.send, storage, 'k');
    await outbox.record('doc-aaaaaa', 1);
    await outbox.record('doc-bbbbbb', 2);
    await outbox.record('doc-aaaaaa', 1);
    expect(server.state.taken).toEqual([]);
    expect(outbox.queued).toHaveLength(3);

    // The page reloads: a new outbox reads the same queue.
    const reloaded = new ReadReceiptOutbox(server.send, storage, 'k');
    expect(reloaded.queued.map((o) => o.documentId)).toEqual(['doc-aaaaaa', 'doc-bbbbbb', 'doc-aaaaaa']);
    server.state.up = true;
    await reloaded.flush();
    expect(server.state.taken.map((o) => [o.documentId, o.version])).toEqual([
      ['doc-aaaaaa', 1],
      ['doc-bbbbbb', 2],
      ['doc-aaaaaa', 1],
    ]);
    expect(reloaded.queued).toEqual([]);
    expect(new ReadReceiptOutbox(server.send, storage, 'k').queued).toEqual([]);
  });

  it('lets go of an open the server refuses for good, and keeps the rest', async () => {
    const server = fakeServer();
    server.state.up = true;
    server.state.refuse.add('doc-gone00');
    const outbox = new ReadReceiptOutbox(server.send, memoryStorage(), 'k');
    await outbox.record('doc-gone00', 1);
    await outbox.record('doc-here00', 1);
    expect(server.state.taken.map((o) => o.documentId)).toEqual(['doc-here00']);
    expect(outbox.queued).toEqual([]);
  });

  it('stays bounded offline without losing any version’s first open', async () => {
    const server = fakeServer();
    const outbox = new ReadReceiptOutbox(server.send, memoryStorage(), 'k');
    for (let i = 0; i < MAX_PENDING_OPENS + 50; i++) await outbox.record(`doc-${i % 3}xxxxx`, 1);
    await outbox.record('doc-late00', 4);
    expect(outbox.queued.length).toBeLessThanOrEqual(MAX_PENDING_OPENS);
    expect(new Set(outbox.queued.map((o) => `${o.documentId}@${o.version}`))).toEqual(
      new Set(['doc-0xxxxx@1', 'doc-1xxxxx@1', 'doc-2xxxxx@1', 'doc-late00@4']),
    );
  });

  it('reads a damaged stored queue as empty', () => {
    const storage = memoryStorage();
    storage.setItem('k', '{not json');
    expect(new ReadReceiptOutbox(fakeServer().send, storage, 'k').queued).toEqual([]);
    storage.setItem('k', JSON.stringify([{ documentId: 'x', version: 'one' }, 42]));
    expect(new ReadReceiptOutbox(fakeServer().send, storage, 'k').queued).toEqual([]);
  });
});
