/**
 * The desktop path of the offline annotation store (renderer ⇄ main's AnnotationStore, the
 * IPC envelopes faked by calling the real handlers) and the unsent-edit count.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Observable } from 'lib0/observable';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import { AnnotationStore } from '../../../main/cache/annotation-store';
import { createAnnotationStoreHandlers } from '../../../main/cache/annotation-store-handlers';
import type { RendererApi } from '#ipc/api';
import {
  attachOfflinePersistence,
  clearOfflineAnnotations,
  type OfflineScope,
} from '../../../renderer/src/lib/yjs/offline-persistence';
import { trackPendingEdits } from '../../../renderer/src/lib/yjs/pending-edits';
import { writeAnnotation } from '#common/protocol/annotation-layer';
import { moveAnnotation } from '../../../renderer/src/features/annotations/sharing/move-annotation';
import { mixedAnnotation } from '../../integration/helpers/annotations';

const SCOPE: OfflineScope = { server: 'http://127.0.0.1:4780', participantId: 'par_aaaaaa' };
const OTHER: OfflineScope = { server: 'http://127.0.0.1:4780', participantId: 'par_bbbbbb' };
const NAME = 'ann/doc_000001/par_aaaaaa/private';

let dir: string;

function fakeBridge(store: AnnotationStore): RendererApi['annotations'] {
  const h = createAnnotationStoreHandlers(store);
  const wrap =
    <A extends unknown[], T>(fn: (...args: A) => Promise<T>) =>
    async (...args: A) => {
      try {
        return { ok: true as const, value: await fn(...args) };
      } catch (error) {
        return { ok: false as const, error: { code: 'internal' as const, message: String(error) } };
      }
    };
  return {
    load: wrap(async (key: string) => h['annotations:load'](key)),
    append: wrap(async (key: string, update: Uint8Array) => h['annotations:append'](key, update)),
    replace: wrap(async (key: string, update: Uint8Array) => h['annotations:replace'](key, update)),
    setPending: wrap(async (key: string, count: number) => h['annotations:set-pending'](key, count)),
    clear: wrap(async () => h['annotations:clear']()),
  };
}

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'ann-offline-'));
  const store = new AnnotationStore(join(dir, 'store'));
  vi.stubGlobal('window', { api: { annotations: fakeBridge(store) } });
});
afterEach(async () => {
  vi.unstubAllGlobals();
  await rm(dir, { recursive: true, force: true });
});

/** Waits until the store has written everything queued (appends are chained). */
async function reopen(scope: OfflineScope): Promise<Y.Doc> {
  const doc = new Y.Doc();
  const persistence = attachOfflinePersistence(doc, NAME, scope);
  await persistence.whenLoaded;
  persistence.destroy();
  return doc;
}

describe('attachOfflinePersistence (desktop)', () => {
  it('a reload finds the edits made before it, and only its own participant does', async () => {
    const doc = new Y.Doc();
    const persistence = attachOfflinePersistence(doc, NAME, SCOPE);
    await persistence.whenLoaded;
    const map = doc.getMap<string>('annotations');
    for (let i = 0; i < 250; i += 1) map.set(`a${i}`, `stroke ${i}`); // crosses the compaction point
    persistence.savePending(250);
    // The last queued write settles before the pending count can be read back.
    expect(await persistence.loadPending()).toBe(250);
    persistence.destroy();

    const again = await reopen(SCOPE);
    expect(again.getMap('annotations').size).toBe(250);
    expect(again.getMap('annotations').get('a249')).toBe('stroke 249');
    expect((await reopen(OTHER)).getMap('annotations').size).toBe(0);

    await clearOfflineAnnotations();
    expect((await reopen(SCOPE)).getMap('annotations').size).toBe(0);
  });
});

/** Enough of a WebsocketProvider for the counter: its flags, `sync` events and (dis)connect. */
class FakeProvider extends Observable<string> {
  wsconnected = true;
  synced = true;
  connect(): void {
    this.wsconnected = true;
  }
  disconnect(): void {
    this.wsconnected = false;
    this.synced = false;
  }
  resync(): void {
    this.wsconnected = true;
    this.synced = true;
    this.emit('sync', [true]);
  }
}

describe('trackPendingEdits', () => {
  it('counts edits made while not synced, zero again after the next sync, not the provider’s own', () => {
    const doc = new Y.Doc();
    const fake = new FakeProvider();
    const provider = fake as unknown as WebsocketProvider;
    const pending = trackPendingEdits(doc, provider, null);
    const seen: number[] = [];
    pending.onChange((n) => seen.push(n));
    const map = doc.getMap<string>('annotations');

    map.set('online', 'sent at once');
    expect(pending.count()).toBe(0);

    fake.disconnect();
    map.set('a', '1');
    doc.transact(() => map.set('b', '2'));
    map.delete('a');
    expect(pending.count()).toBe(3);

    const remote = new Y.Doc();
    remote.getMap('annotations').set('theirs', 'x');
    Y.applyUpdate(doc, Y.encodeStateAsUpdate(remote), provider);
    expect(pending.count()).toBe(3);

    fake.resync();
    expect(pending.count()).toBe(0);
    expect(seen).toEqual([1, 2, 3, 0]);
    pending.destroy();
  });

  it('counts sharing and unsharing offline as one change each, not one per layer', () => {
    const fake = new FakeProvider();
    const provider = fake as unknown as WebsocketProvider;
    const own = { private: new Y.Doc(), shared: new Y.Doc() };
    const counts = {
      private: trackPendingEdits(own.private, provider, null),
      shared: trackPendingEdits(own.shared, provider, null),
    };
    const total = (): number => counts.private.count() + counts.shared.count();
    fake.disconnect();
    const author = { id: 'par_aaaaaa', name: 'Nguyễn Văn A' };
    writeAnnotation(own.private, mixedAnnotation(0, author), () => new Y.Map(), { tools: true });
    expect(total()).toBe(1);
    expect(moveAnnotation(own.private, own.shared, 'ann-00000')).toBe(true);
    expect(total()).toBe(2);
    expect(moveAnnotation(own.shared, own.private, 'ann-00000')).toBe(true);
    expect(total()).toBe(3);
    // Each half still changed its layer: both are sent on reconnecting.
    expect(own.private.getMap('annotations').has('ann-00000')).toBe(true);
    expect(own.shared.getMap('annotations').has('ann-00000')).toBe(false);
    fake.resync();
    expect(total()).toBe(0);
    counts.private.destroy();
    counts.shared.destroy();
  });

  it('adds what an earlier page left unsent, unless a sync came first', async () => {
    const doc = new Y.Doc();
    const persistence = attachOfflinePersistence(doc, NAME, SCOPE);
    await persistence.whenLoaded;
    persistence.savePending(2);
    expect(await persistence.loadPending()).toBe(2);
    persistence.destroy();

    const fake = new FakeProvider();
    fake.disconnect();
    const doc2 = new Y.Doc();
    const store2 = attachOfflinePersistence(doc2, NAME, SCOPE);
    const pending = trackPendingEdits(doc2, fake as unknown as WebsocketProvider, store2);
    const changed = new Promise<number>((resolve) => pending.onChange(resolve));
    expect(await changed).toBe(2);
    fake.resync();
    expect(pending.count()).toBe(0);
    expect(await store2.loadPending()).toBe(0);
    pending.destroy();
    store2.destroy();
  });
});
