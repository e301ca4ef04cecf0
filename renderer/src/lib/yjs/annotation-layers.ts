/**
 * One annotation layer document (`ann/<documentId>/<ownerId>/private|shared`), opened and
 * syncing: the only way the renderer reaches a layer (this folder owns y-websocket, STYLE.md
 * 2(c) rule 9). The shape inside the document is `#common/protocol/annotation-layer`'s.
 */
import { formatDocName, YJS_PATH_PREFIX } from '#common/protocol/doc-names';
import type { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import { toWebSocketUrl } from '../server-url';
import { attachOfflinePersistence } from './offline-persistence';
import { trackPendingEdits } from './pending-edits';
import { createProvider } from './provider';

export type AnnotationLayerName = 'private' | 'shared';

/**
 * How long the socket waits for the device's copy of a layer before connecting without it. The
 * server answers our state vector with what we lack: connecting once the copy is in, a device
 * that has the layer gets only what changed since; connecting before, it gets the whole layer
 * again and decodes it twice (0.6–1 s more for 5,000 annotations on a laptop). An empty copy (a
 * new device) loads in milliseconds; a copy that does not load in time does not keep the layer
 * from the server.
 */
const DEVICE_COPY_WAIT_MS = 1_000;

export interface OpenAnnotationLayerOptions {
  /** The room server's base URL (`http://host:port`). */
  readonly server: string;
  readonly token: string;
  readonly documentId: string;
  /** Whose layer it is. */
  readonly ownerId: string;
  readonly layer: AnnotationLayerName;
  /**
   * Keep the layer on this device too, so edits made offline survive a reload and merge when
   * the connection returns. True by default: the caller's own layers. Pass false for another
   * person's shared layer, which is read-only here and must not outlive a withdrawn grant.
   */
  readonly persistOffline?: boolean;
  /** How long the socket waits for the device's copy ({@link DEVICE_COPY_WAIT_MS} by default). */
  readonly deviceCopyWaitMs?: number;
  /** Node's `ws` in tests; the browser's WebSocket otherwise. */
  readonly WebSocketPolyfill?: typeof WebSocket;
}

export interface AnnotationLayerHandle {
  readonly docName: string;
  readonly doc: Y.Doc;
  readonly provider: WebsocketProvider;
  /**
   * Resolves once the layer has its content: the device's copy is loaded (when kept offline) or
   * the first sync with the server is done, whichever comes first; offline, the server never
   * answers and the device's copy is what there is.
   */
  readonly synced: Promise<void>;
  /**
   * Resolves once the device's copy is loaded (at once for a layer not kept on the device, or
   * when the copy cannot be opened): from then on every change is written to it as it comes, so
   * a layer destroyed after that has left what it holds on the device.
   */
  readonly onDevice: Promise<void>;
  /** Local changes made since the server last had all of this client's state. */
  pending(): number;
  /** Calls `cb` with the new count whenever it changes; returns the unsubscribe. */
  onPendingChange(cb: (pending: number) => void): () => void;
  destroy(): void;
}

/** Opens a layer document and starts syncing it (and keeping it on the device, for own layers). */
export function openAnnotationLayer(opts: OpenAnnotationLayerOptions): AnnotationLayerHandle {
  const docName = formatDocName({
    kind: 'annotations',
    documentId: opts.documentId,
    ownerId: opts.ownerId,
    layer: opts.layer,
  });
  const doc = new Y.Doc();
  // The device's copy first, so an offline reload shows the layer before any socket opens.
  const offline =
    opts.persistOffline === false
      ? null
      : attachOfflinePersistence(doc, docName, { server: opts.server, participantId: opts.ownerId });
  const base = `${toWebSocketUrl(opts.server)}${YJS_PATH_PREFIX.replace(/\/$/, '')}`;
  const provider = createProvider({
    base,
    docName,
    doc,
    token: opts.token,
    ...(opts.WebSocketPolyfill ? { WebSocketPolyfill: opts.WebSocketPolyfill } : {}),
    connect: offline === null,
  });
  let destroyed = false;
  if (offline) {
    let started = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const start = (): void => {
      if (started || destroyed) return;
      started = true;
      clearTimeout(timer);
      // Connected already (the browser came back online), or offline: pending-edits.ts owns that.
      if (provider.shouldConnect) return;
      if (typeof navigator !== 'undefined' && navigator.onLine === false) return;
      provider.connect();
    };
    // A device that never stored this layer (a new laptop, another delegate's browser) has no
    // copy to wait for: its socket opens now, not after the tasks already queued (drawing the
    // first page), since opening its store can take longer than the server's answer.
    if (offline.mayHaveCopy) {
      timer = setTimeout(start, opts.deviceCopyWaitMs ?? DEVICE_COPY_WAIT_MS);
      offline.whenLoaded.then(start, start);
    } else {
      start();
    }
  }

  // Unsent edits, counted and kept with the device's copy (pending-edits.ts).
  const pending = trackPendingEdits(doc, provider, offline);

  let settled = false;
  const synced = new Promise<void>((resolve) => {
    const done = (): void => {
      if (settled) return;
      settled = true;
      provider.off('sync', onFirstSync);
      resolve();
    };
    const onFirstSync = (isSynced: boolean): void => {
      if (isSynced) done();
    };
    provider.on('sync', onFirstSync);
    if (offline) offline.whenLoaded.then(done, () => {});
  });

  return {
    docName,
    doc,
    provider,
    synced,
    onDevice: offline ? offline.whenLoaded : Promise.resolve(),
    pending: () => pending.count(),
    onPendingChange: (cb) => pending.onChange(cb),
    destroy() {
      destroyed = true;
      pending.destroy();
      provider.destroy();
      offline?.destroy();
      doc.destroy();
    },
  };
}
