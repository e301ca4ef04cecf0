/**
 * Counts a layer's edits the room server has not received yet, for the viewer's "3 thay đổi
 * chưa gửi" badge. y-websocket has no acknowledgements, so the count is of edits made while
 * the provider was not connected and synced; it returns to zero at the next sync, because on
 * reconnecting the client answers the server's state vector with everything the server lacks
 * before the server's own answer marks it synced (one ordered socket). The count is kept with
 * the device's copy of the layer (offline-persistence.ts), so it survives an offline reload.
 *
 * While the browser reports no network the provider is disconnected on purpose: a socket whose
 * network is gone can look open for tens of seconds (until y-websocket's watchdog), and edits
 * sent into it would count as delivered.
 */
import type { WebsocketProvider } from 'y-websocket';
import type * as Y from 'yjs';
import { OFFLINE_ORIGIN, type OfflinePersistence } from './offline-persistence';

/** What {@link trackPendingEdits} returns. */
export interface PendingEdits {
  count(): number;
  /** Calls `cb` with the new count whenever it changes; returns the unsubscribe. */
  onChange(cb: (count: number) => void): () => void;
  destroy(): void;
}

/**
 * Updates that are not this user's edits: the provider's, and the device store's (y-indexeddb
 * passes itself, an object holding the doc; the desktop store passes {@link OFFLINE_ORIGIN}).
 */
function isForeignOrigin(origin: unknown, provider: WebsocketProvider): boolean {
  if (origin === provider || origin === OFFLINE_ORIGIN) return true;
  return typeof origin === 'object' && origin !== null && 'doc' in origin;
}

/** Origins of edits that are the second half of one counted in another layer (see below). */
const secondHalves = new WeakSet<object>();

/**
 * Marks `origin` as the origin of the second half of an edit that spans two layers and is
 * counted once, where its first half was written (sharing moves an annotation into the other
 * layer, then out of this one: one change to the user, not two). Returns `origin`.
 */
export function secondHalfOrigin<T extends object>(origin: T): T {
  secondHalves.add(origin);
  return origin;
}

/** Network events of the page; absent under Node (tests drive the provider directly). */
function browserNetwork(): Pick<Window, 'addEventListener' | 'removeEventListener'> | null {
  return typeof window === 'undefined' || typeof window.addEventListener !== 'function' ? null : window;
}

/** Starts counting `doc`'s unsent edits; `store` is where the count is kept across reloads. */
export function trackPendingEdits(
  doc: Y.Doc,
  provider: WebsocketProvider,
  store: OfflinePersistence | null,
): PendingEdits {
  let count = 0;
  let syncedSinceOpen = false;
  const listeners = new Set<(n: number) => void>();
  const set = (next: number): void => {
    if (next === count) return;
    count = next;
    store?.savePending(next);
    for (const cb of listeners) cb(next);
  };
  const onUpdate = (_update: Uint8Array, origin: unknown): void => {
    if (isForeignOrigin(origin, provider)) return;
    if (typeof origin === 'object' && origin !== null && secondHalves.has(origin)) return;
    if (!(provider.wsconnected && provider.synced)) set(count + 1);
  };
  const onSync = (isSynced: boolean): void => {
    if (!isSynced) return;
    syncedSinceOpen = true;
    set(0);
  };
  doc.on('update', onUpdate);
  provider.on('sync', onSync);
  // What an earlier page left unsent, unless this one has synced since (then it was sent).
  store
    ?.loadPending()
    .then((stored) => {
      if (!syncedSinceOpen && stored > 0) set(count + stored);
    })
    .catch(() => undefined);

  const network = browserNetwork();
  const goOffline = (): void => provider.disconnect();
  const goOnline = (): void => provider.connect();
  network?.addEventListener('offline', goOffline);
  network?.addEventListener('online', goOnline);
  if (typeof navigator !== 'undefined' && navigator.onLine === false) provider.disconnect();

  return {
    count: () => count,
    onChange(cb) {
      listeners.add(cb);
      return () => listeners.delete(cb);
    },
    destroy() {
      listeners.clear();
      doc.off('update', onUpdate);
      provider.off('sync', onSync);
      network?.removeEventListener('offline', goOffline);
      network?.removeEventListener('online', goOnline);
    },
  };
}
