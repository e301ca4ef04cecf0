/**
 * The pool of a delegate's own annotation layers (renderer/src/features/annotations/
 * own-layers-pool.ts) against a real room server, with the delegate's other device as a stock
 * y-websocket client with presence on: layers fetched ahead are open with their annotations
 * before the viewer asks for them; kept layers are bounded (documents and annotations), earlier
 * agenda documents first and a document the viewer used above those; a layer nobody uses is
 * disconnected after a while and catches up when it is used again; a document no longer listed
 * is closed; undo covers one use of a document; a document fetched ahead but not kept open has
 * left its layer in the device store.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import * as Y from 'yjs';
import { readAnnotationLayer, writeAnnotation } from '#common/protocol/annotation-layer';
import { AnnotationStore } from '../../main/cache/annotation-store';
import {
  OwnLayersPool,
  type OwnLayersPoolOptions,
} from '../../renderer/src/features/annotations/own-layers-pool';
import { layerName, type Member, openOwnLayer, startAnnotationMeeting } from './helpers/annotation-meeting';
import { mixedAnnotation } from './helpers/annotations';
import { desktopStoreBridge, stubDesktopRenderer } from './helpers/desktop-annotation-store';
import { connectClient, type TestRoom, waitFor } from './helpers/test-room';

const newMap = () => new Y.Map<unknown>();

let room: TestRoom;
let docId: string;
let secretId: string;
let an: Member;
const pools: OwnLayersPool[] = [];
const clients: ReturnType<typeof connectClient>[] = [];

beforeAll(async () => {
  ({ room, an, docId, secretId } = await startAnnotationMeeting(
    'Kỳ họp thứ 12 — ghi chú tải trước',
    'Ahead',
  ));
  // An's other device (a stock client, presence on) wrote 3 notes on the ordinary document and 1
  // on the confidential one.
  const write = async (documentId: string, count: number, prefix: string): Promise<void> => {
    const c = connectClient(room, layerName(documentId, an.id, 'private'), an.token);
    c.provider.awareness.setLocalState({ user: { id: an.id, name: an.name } });
    clients.push(c);
    await waitFor(() => c.provider.synced, 'the other device synced', 15_000);
    c.doc.transact(() => {
      for (let i = 0; i < count; i++) writeAnnotation(c.doc, mixedAnnotation(i, an, prefix), newMap);
    });
  };
  await write(docId, 3, 'ordinary');
  await write(secretId, 1, 'secret');
  // Barrier: a fresh client reads all of them from the server.
  for (const [documentId, count] of [
    [docId, 3],
    [secretId, 1],
  ] as const) {
    const check = connectClient(room, layerName(documentId, an.id, 'private'), an.token);
    await waitFor(
      () => check.doc.getMap('annotations').size === count,
      'the server stored the notes',
      15_000,
    );
    check.provider.destroy();
  }
}, 120_000);

afterEach(() => {
  for (const pool of pools.splice(0)) pool.destroy();
  vi.unstubAllGlobals();
});
afterAll(async () => {
  for (const c of clients.splice(0)) c.provider.destroy();
  await room?.destroy();
});

function pool(opts: OwnLayersPoolOptions = {}, persistOffline = false): OwnLayersPool {
  const made = new OwnLayersPool(
    { server: room.url, token: an.token, author: { id: an.id, name: an.name } },
    {
      open: (documentId, layer) => openOwnLayer(room.url, an, documentId, layer, { persistOffline }),
      ...opts,
    },
  );
  pools.push(made);
  return made;
}

const privateCount = (p: OwnLayersPool, documentId: string): number => {
  const lease = p.acquire(documentId);
  const count = lease.own.getSnapshot().private.length;
  lease.release();
  return count;
};

describe('own layers fetched ahead and kept', () => {
  it('a document fetched ahead opens with its annotations already read; bounds keep earlier documents first', async () => {
    const p = pool({ keepDocuments: 1 });
    await p.prefetch([docId, secretId]);
    // One document kept: the first of the agenda.
    expect(p.has(docId)).toBe(true);
    expect(p.has(secretId)).toBe(false);
    // The viewer's lease finds the notes at once: nothing to wait for.
    const lease = p.acquire(docId);
    expect(lease.own.getSnapshot().private.map((a) => a.id)).toEqual([
      'ordinary-00000',
      'ordinary-00001',
      'ordinary-00002',
    ]);
    lease.release();
    // A document the viewer used is kept above one fetched ahead.
    const other = p.acquire(secretId);
    await waitFor(() => other.own.getSnapshot().private.length === 1, 'the confidential notes', 15_000);
    other.release();
    expect(p.has(secretId)).toBe(true);
    expect(p.has(docId)).toBe(false);
  });

  it('keeps no more annotations than its bound', async () => {
    const p = pool({ keepAnnotations: 2 });
    await p.prefetch([docId, secretId]);
    // 3 notes are over the bound; the 1 of the next document fits.
    expect(p.has(docId)).toBe(false);
    expect(p.has(secretId)).toBe(true);
    expect(privateCount(p, secretId)).toBe(1);
  });

  it('undo covers one use of the document: released, its history is forgotten', async () => {
    const p = pool();
    const lease = p.acquire(docId);
    await waitFor(() => lease.own.getSnapshot().private.length === 3, 'the notes', 15_000);
    lease.own.create(mixedAnnotation(9, an, 'undo'));
    expect(lease.own.getSnapshot().canUndo).toBe(true);
    lease.release();
    const again = p.acquire(docId);
    expect(again.own).toBe(lease.own);
    expect(again.own.getSnapshot().canUndo).toBe(false);
    again.own.remove(['undo-00009']);
    again.release();
  });

  it('disconnects a layer nobody uses, and it catches up when used again', async () => {
    const p = pool({ idleConnectedMs: 50 });
    await p.prefetch([docId]);
    const lease = p.acquire(docId);
    const provider = lease.own.layers.private.provider;
    lease.release();
    await waitFor(
      () => !provider.wsconnected && !provider.shouldConnect,
      'the unused layer disconnected',
      5_000,
    );
    // Meanwhile the other device writes a fourth note.
    const other = connectClient(room, layerName(docId, an.id, 'private'), an.token);
    clients.push(other);
    await waitFor(() => other.provider.synced, 'the other device synced', 15_000);
    writeAnnotation(other.doc, mixedAnnotation(3, an, 'ordinary'), newMap);
    const again = p.acquire(docId);
    expect(again.own).toBe(lease.own);
    await waitFor(() => again.own.getSnapshot().private.length === 4, 'the fourth note', 15_000);
    expect(provider.wsconnected).toBe(true);
    again.release();
    other.doc.transact(() => other.doc.getMap('annotations').delete('ordinary-00003'));
    await waitFor(() => privateCount(p, docId) === 3, 'the fourth note removed again', 15_000);
  });

  it('closes the layers of a document no longer listed, but not one the viewer uses', async () => {
    const p = pool();
    await p.prefetch([docId, secretId]);
    const lease = p.acquire(secretId);
    p.retain(new Set());
    expect(p.has(docId)).toBe(false);
    expect(p.has(secretId)).toBe(true);
    lease.release();
    p.retain(new Set([docId]));
    expect(p.has(secretId)).toBe(false);
  });

  it('a document fetched ahead but not kept has left its layer on the device (a disk slower than the server)', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'ann-ahead-'));
    try {
      const store = new AnnotationStore(join(dir, 'annotation-store'));
      // A store that opens in 300 ms, as IndexedDB in a browser just started: the server's sync
      // arrives first.
      stubDesktopRenderer(
        desktopStoreBridge(store, () => new Promise((resolve) => setTimeout(resolve, 300))),
      );
      const p = pool({ keepDocuments: 0 }, true);
      await p.prefetch([docId]);
      expect(p.has(docId)).toBe(false);
      const key = `paperless-ann|${room.url}|${an.id}|${layerName(docId, an.id, 'private')}`;
      const onDevice = new Y.Doc();
      const deadline = Date.now() + 5_000;
      while (readAnnotationLayer(onDevice).length < 3 && Date.now() < deadline) {
        for (const update of (await store.load(key)).updates) Y.applyUpdate(onDevice, update);
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      expect(readAnnotationLayer(onDevice).map((a) => a.id)).toEqual([
        'ordinary-00000',
        'ordinary-00001',
        'ordinary-00002',
      ]);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
