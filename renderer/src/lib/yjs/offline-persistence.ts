/**
 * Keeps a user's own annotation layers on the device, so what is drawn with the network gone
 * survives a reload and merges when the socket returns (Yjs updates commute, so the provider's
 * ordinary sync on reconnect is the merge). Browser: y-indexeddb. Desktop app: the main
 * process's annotation store (main/cache/annotation-store.ts) over `window.api.annotations`.
 *
 * Stores are keyed by server + participant + document name, so two people signed in on one
 * machine (or one person on two room servers) never read each other's layers. Every key is
 * recorded in a per-device index so that leaving the meeting can remove them all
 * ({@link clearOfflineAnnotations}).
 */
import type { RendererApi } from '#ipc/api';
import type { IpcResult } from '#ipc/channels';
import { clearDocument, IndexeddbPersistence } from 'y-indexeddb';
import * as Y from 'yjs';
import { loadSession } from '../session';

/** What {@link attachOfflinePersistence} returns. */
export interface OfflinePersistence {
  /** Resolves once the stored edits are in the doc (immediately when there is no store). */
  readonly whenLoaded: Promise<void>;
  /**
   * False when this device has certainly never stored this layer (its index of stores, read
   * synchronously, does not name it), so there is no copy to wait for; true when it may have one.
   */
  readonly mayHaveCopy: boolean;
  /** The stored count of edits the server has not acknowledged (see pending-edits.ts). */
  readonly loadPending: () => Promise<number>;
  readonly savePending: (count: number) => void;
  /** Stops persisting; what was stored stays. */
  destroy(): void;
}

/** Whose store: the server and participant the key is scoped to. */
export interface OfflineScope {
  readonly server: string;
  readonly participantId: string;
}

/** Local origin of the updates this module applies, so pending-edit counting can skip them. */
export const OFFLINE_ORIGIN = Symbol('offline-persistence');

/** The preload's annotation-store part, present only inside the desktop app. */
type AnnotationBridge = RendererApi['annotations'];

const INDEX_KEY = 'paperless.annotationStores.v1';

function bridge(): AnnotationBridge | undefined {
  if (typeof window === 'undefined') return undefined;
  return (window as Window & { api?: RendererApi }).api?.annotations;
}

/** The store key; `|` cannot occur in an origin, an id or a document name. */
export function offlineStoreKey(scope: OfflineScope, docName: string): string {
  return `paperless-ann|${scope.server}|${scope.participantId}|${docName}`;
}

function defaultScope(): OfflineScope | null {
  const session = loadSession();
  return session ? { server: session.serverUrl, participantId: session.info.participant.id } : null;
}

/** The keys of the stores this device made; null when the index cannot be read. */
function readIndexOrNull(): string[] | null {
  try {
    const parsed: unknown = JSON.parse(localStorage.getItem(INDEX_KEY) ?? '[]');
    return Array.isArray(parsed) ? parsed.filter((k): k is string => typeof k === 'string') : null;
  } catch {
    return null;
  }
}

function readIndex(): string[] {
  return readIndexOrNull() ?? [];
}

function remember(key: string): void {
  const keys = readIndex();
  if (keys.includes(key)) return;
  try {
    localStorage.setItem(INDEX_KEY, JSON.stringify([...keys, key]));
  } catch {
    // No localStorage: the store still works, leaving just cannot find it to remove it.
  }
}

function unwrap<T>(result: IpcResult<T>): T {
  if (result.ok) return result.value;
  throw new Error(`annotation store: ${result.error.code}: ${result.error.message}`);
}

/** Collapse the append-only file into one update after this many records. */
const COMPACT_AFTER = 200;

function attachDesktop(
  doc: Y.Doc,
  key: string,
  api: AnnotationBridge,
  mayHaveCopy: boolean,
): OfflinePersistence {
  let destroyed = false;
  // Appends are chained so the file keeps the order the doc produced them in.
  let chain: Promise<unknown> = Promise.resolve();
  let records = 0;
  const enqueue = (work: () => Promise<unknown>): void => {
    chain = chain.then(work).catch((error: unknown) => console.warn('annotation store', error));
  };
  const onUpdate = (update: Uint8Array, origin: unknown): void => {
    if (origin === OFFLINE_ORIGIN || destroyed) return;
    records += 1;
    if (records >= COMPACT_AFTER) {
      records = 1;
      const whole = Y.encodeStateAsUpdate(doc);
      enqueue(async () => unwrap(await api.replace(key, whole)));
    } else {
      enqueue(async () => unwrap(await api.append(key, update)));
    }
  };
  const whenLoaded = (async () => {
    const stored = unwrap(await api.load(key));
    if (destroyed) return;
    // Edits made before the store answered are written after what it held (a repeat is harmless).
    const before = doc.store.clients.size > 0 ? Y.encodeStateAsUpdate(doc) : null;
    records = stored.updates.length;
    Y.transact(
      doc,
      () => {
        for (const update of stored.updates) Y.applyUpdate(doc, update, OFFLINE_ORIGIN);
      },
      OFFLINE_ORIGIN,
    );
    doc.on('update', onUpdate);
    if (before !== null) enqueue(async () => unwrap(await api.append(key, before)));
  })();
  return {
    whenLoaded: whenLoaded.catch((error: unknown) => console.warn('annotation store unavailable', error)),
    mayHaveCopy,
    loadPending: async () => {
      await whenLoaded.catch(() => undefined);
      // After the writes already queued, so a count just saved is the one read.
      await chain;
      return unwrap(await api.load(key)).pending;
    },
    savePending: (count) => enqueue(async () => unwrap(await api.setPending(key, count))),
    destroy: () => {
      destroyed = true;
      doc.off('update', onUpdate);
    },
  };
}

const PENDING_KEY = 'pendingEdits';

function attachBrowser(doc: Y.Doc, key: string, mayHaveCopy: boolean): OfflinePersistence {
  const idb = new IndexeddbPersistence(key, doc);
  const loaded = idb.whenSynced.then(() => undefined);
  return {
    whenLoaded: loaded.catch((error: unknown) =>
      console.warn('IndexedDB unavailable for annotations', error),
    ),
    mayHaveCopy,
    loadPending: async () => {
      await loaded;
      const value: unknown = await idb.get(PENDING_KEY);
      return typeof value === 'number' && Number.isInteger(value) && value >= 0 ? value : 0;
    },
    savePending: (count) => {
      void loaded.then(() => idb.set(PENDING_KEY, count)).catch(() => undefined);
    },
    destroy: () => {
      void idb.destroy();
    },
  };
}

/**
 * Keeps `doc` (one of the signed-in user's own layers, `docName` as the server names it) on
 * the device. Without a signed-in session (nothing to scope the key by) nothing is stored.
 */
export function attachOfflinePersistence(
  doc: Y.Doc,
  docName: string,
  scope: OfflineScope | null = defaultScope(),
): OfflinePersistence {
  const api = bridge();
  // No session to scope the key by, or no store at all (Node, where tests open layers).
  if (scope === null || (api === undefined && typeof indexedDB === 'undefined')) {
    return {
      whenLoaded: Promise.resolve(),
      mayHaveCopy: false,
      loadPending: async () => 0,
      savePending: () => {},
      destroy: () => {},
    };
  }
  const key = offlineStoreKey(scope, docName);
  // A store is named in the index before it is first written, so a key the index lacks has no
  // copy (a copy whose index was lost is merely waited for no longer: the server sends it all).
  const mayHaveCopy = readIndexOrNull()?.includes(key) ?? true;
  remember(key);
  return api ? attachDesktop(doc, key, api, mayHaveCopy) : attachBrowser(doc, key, mayHaveCopy);
}

/**
 * Removes every annotation layer this device stored (leaving the meeting). Failures are
 * logged, not thrown: leaving must not be blocked by a store that cannot be opened.
 */
export async function clearOfflineAnnotations(): Promise<void> {
  const api = bridge();
  if (api) {
    await api
      .clear()
      .then(unwrap)
      .catch((error: unknown) => console.warn('annotation store', error));
  } else {
    await Promise.all(
      readIndex().map((key) =>
        clearDocument(key).catch((error: unknown) => console.warn('annotations', error)),
      ),
    );
  }
  try {
    localStorage.removeItem(INDEX_KEY);
  } catch {
    // Nothing was recorded either.
  }
}
