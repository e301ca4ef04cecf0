/**
 * The signed-in user's own annotation layers, kept open across viewer openings and fetched ahead
 * for the meeting's documents. Opening a document on a device that has not got its layers yet
 * costs the whole layer from the server, Yjs decoding it and checking every annotation on the
 * page's main thread, which is busy drawing the first page at that moment (0.7–0.8 s for 5,000
 * annotations, `tests/bench/README.md`, "Annotations"). Fetched ahead after joining, like the
 * documents themselves, the layers are on the device (for offline reading too) and the most
 * useful ones are already open and checked when the delegate opens the document.
 *
 * Kept layers are bounded (documents and annotations), and one that nobody uses is disconnected
 * after a while (the server holds one socket per layer) and connects again when it is used.
 * Only the user's own layers are kept: another person's shared layer is read-only here and must
 * close when a grant is withdrawn (sharing/others-layers.ts).
 */
import {
  type AnnotationLayerHandle,
  type AnnotationLayerName,
  openAnnotationLayer,
} from '../../lib/yjs/annotation-layers';
import type { AnnotationSession } from './annotation-session';
import { OwnAnnotations } from './annotation-store';

/** A use of one document's layers; release it when the viewer closes. */
export interface OwnLayersLease {
  readonly own: OwnAnnotations;
  release(): void;
}

export interface OwnLayersPoolOptions {
  /** Documents whose layers stay open once nothing uses them (default 6). */
  readonly keepDocuments?: number;
  /** Annotations those kept layers may hold in all (default 20,000). */
  readonly keepAnnotations?: number;
  /** How long a layer nobody uses stays connected (default 60 s). */
  readonly idleConnectedMs?: number;
  /** How long fetching one document's layers ahead may take before it is given up (default 20 s). */
  readonly prefetchTimeoutMs?: number;
  /** Opens one layer (tests: with Node's `ws`); `openAnnotationLayer` with the session by default. */
  readonly open?: (documentId: string, layer: AnnotationLayerName) => AnnotationLayerHandle;
}

interface Entry {
  readonly documentId: string;
  readonly layers: Readonly<Record<AnnotationLayerName, AnnotationLayerHandle>>;
  readonly own: OwnAnnotations;
  leases: number;
  /** Which unused entries are kept first: higher is kept. */
  rank: number;
  /** Disconnected by the pool while unused. */
  parked: boolean;
  idle: ReturnType<typeof setTimeout> | undefined;
}

const LAYERS = ['private', 'shared'] as const;

export class OwnLayersPool {
  private readonly entries = new Map<string, Entry>();
  private readonly keepDocuments: number;
  private readonly keepAnnotations: number;
  private readonly idleConnectedMs: number;
  private readonly prefetchTimeoutMs: number;
  private readonly open: (documentId: string, layer: AnnotationLayerName) => AnnotationLayerHandle;
  private destroyed = false;
  /** Orders releases: the document used last is kept first. */
  private clock = 0;

  constructor(
    private readonly session: AnnotationSession,
    opts: OwnLayersPoolOptions = {},
  ) {
    this.keepDocuments = opts.keepDocuments ?? 6;
    this.keepAnnotations = opts.keepAnnotations ?? 20_000;
    this.idleConnectedMs = opts.idleConnectedMs ?? 60_000;
    this.prefetchTimeoutMs = opts.prefetchTimeoutMs ?? 20_000;
    this.open =
      opts.open ??
      ((documentId, layer) =>
        openAnnotationLayer({
          server: session.server,
          token: session.token,
          documentId,
          ownerId: session.author.id,
          layer,
        }));
  }

  /** The document's layers, open and syncing until the lease is released. */
  acquire(documentId: string): OwnLayersLease {
    if (this.destroyed) throw new Error('the annotation layers of this session are closed');
    const entry = this.lease(documentId);
    let released = false;
    return {
      own: entry.own,
      release: () => {
        if (released) return;
        released = true;
        this.release(entry, ++this.clock);
      },
    };
  }

  /** Whether the document's layers are open now (used or kept). */
  has(documentId: string): boolean {
    return this.entries.has(documentId);
  }

  /**
   * Syncs the layers of `documentIds` one document at a time, so they are on the device (for
   * offline work) and, within the bounds, open. Earlier documents are kept first (a meeting goes
   * through its agenda in order); a document opened in the viewer outranks them all. Documents
   * already open are skipped; stops when `signal` aborts or the browser goes offline.
   */
  async prefetch(documentIds: readonly string[], signal?: AbortSignal): Promise<void> {
    for (const [index, documentId] of documentIds.entries()) {
      if (this.destroyed || signal?.aborted) return;
      if (typeof navigator !== 'undefined' && navigator.onLine === false) return;
      if (this.entries.has(documentId)) continue;
      const entry = this.lease(documentId);
      try {
        // Synced, and on the device: a layer closed right after (over the bounds) has left it there.
        const within = (step: Promise<void>): Promise<void> => bounded(step, this.prefetchTimeoutMs, signal);
        await Promise.all(
          LAYERS.flatMap((name) => [
            within(whenServerSynced(entry.layers[name])),
            within(entry.layers[name].onDevice),
          ]),
        );
      } finally {
        // Below every document the viewer used, earlier documents above later ones.
        if (!this.destroyed) this.release(entry, -1 - index - documentIds.length);
      }
    }
  }

  /** Closes the layers of documents not in `documentIds` (withdrawn, or no longer readable). */
  retain(documentIds: ReadonlySet<string>): void {
    for (const entry of [...this.entries.values()])
      if (!documentIds.has(entry.documentId) && entry.leases === 0) this.close(entry);
  }

  destroy(): void {
    this.destroyed = true;
    for (const entry of [...this.entries.values()]) this.close(entry);
  }

  /** The document's entry, opened or woken, with one more use: {@link release} ends it. */
  private lease(documentId: string): Entry {
    const entry = this.entries.get(documentId) ?? this.openEntry(documentId);
    entry.leases++;
    clearTimeout(entry.idle);
    entry.idle = undefined;
    if (entry.parked) {
      entry.parked = false;
      // Offline, pending-edits.ts connects the providers when the network returns.
      if (typeof navigator === 'undefined' || navigator.onLine !== false)
        for (const name of LAYERS) entry.layers[name].provider.connect();
    }
    return entry;
  }

  private openEntry(documentId: string): Entry {
    const layers = { private: this.open(documentId, 'private'), shared: this.open(documentId, 'shared') };
    const entry: Entry = {
      documentId,
      layers,
      own: new OwnAnnotations(layers, this.session.author),
      leases: 0,
      rank: 0,
      parked: false,
      idle: undefined,
    };
    this.entries.set(documentId, entry);
    return entry;
  }

  private release(entry: Entry, rank: number): void {
    if (this.entries.get(entry.documentId) !== entry) return;
    entry.leases--;
    if (entry.leases > 0) return;
    // Undo covers one opening of the document, as it did when the layers closed with the viewer.
    entry.own.undo.clear();
    entry.rank = rank;
    this.scheduleParking(entry);
    this.trim();
  }

  private scheduleParking(entry: Entry): void {
    clearTimeout(entry.idle);
    entry.idle = setTimeout(() => {
      entry.idle = undefined;
      if (entry.leases > 0 || this.entries.get(entry.documentId) !== entry) return;
      // Edits the server has not acknowledged keep the socket until they are sent.
      if (entry.layers.private.pending() + entry.layers.shared.pending() > 0) {
        this.scheduleParking(entry);
        return;
      }
      entry.parked = true;
      for (const name of LAYERS) entry.layers[name].provider.disconnect();
    }, this.idleConnectedMs);
  }

  /** Closes unused entries beyond the bounds, lowest rank first. */
  private trim(): void {
    const unused = [...this.entries.values()].filter((e) => e.leases === 0).sort((a, b) => b.rank - a.rank);
    let documents = 0;
    let annotations = 0;
    for (const entry of unused) {
      const snapshot = entry.own.getSnapshot();
      const size = snapshot.private.length + snapshot.shared.length;
      if (documents < this.keepDocuments && annotations + size <= this.keepAnnotations) {
        documents++;
        annotations += size;
      } else {
        this.close(entry);
      }
    }
  }

  private close(entry: Entry): void {
    clearTimeout(entry.idle);
    this.entries.delete(entry.documentId);
    entry.own.destroy();
    for (const name of LAYERS) entry.layers[name].destroy();
  }
}

/** Resolves once the layer has synced with the server (never, offline: see {@link bounded}). */
function whenServerSynced(layer: AnnotationLayerHandle): Promise<void> {
  const { provider } = layer;
  if (provider.synced) return Promise.resolve();
  return new Promise<void>((resolve) => {
    const onSync = (isSynced: boolean): void => {
      if (!isSynced) return;
      provider.off('sync', onSync);
      resolve();
    };
    provider.on('sync', onSync);
  });
}

/** Resolves when `step` does, after `ms` at most, or when `signal` aborts. */
function bounded(step: Promise<void>, ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise<void>((resolve) => {
    const done = (): void => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal?.addEventListener('abort', done);
    if (signal?.aborted) done();
    step.then(done, done);
  });
}

const pools = new WeakMap<AnnotationSession, OwnLayersPool>();

/** The pool of a signed-in session's own layers (one per session object). */
export function ownLayersOf(session: AnnotationSession): OwnLayersPool {
  let pool = pools.get(session);
  if (!pool) {
    pool = new OwnLayersPool(session);
    pools.set(session, pool);
  }
  return pool;
}

/** Closes a session's kept layers (signing out, another token): what is on the device stays. */
export function closeOwnLayers(session: AnnotationSession): void {
  pools.get(session)?.destroy();
  pools.delete(session);
}
