import { readAnnotationLayer } from '#common/protocol/annotation-layer';
import { CloseCodes } from '#common/protocol/close-codes';
import type { Annotation } from '#common/schemas/annotation';
import {
  type AnnotationLayerHandle,
  type OpenAnnotationLayerOptions,
  openAnnotationLayer,
} from '../../../lib/yjs/annotation-layers';
import { authorColour } from './author-colour';

/** Another person's shared layer of the document, as drawn and listed. */
export interface OthersLayer {
  readonly ownerId: string;
  readonly name: string;
  readonly colour: string;
  readonly annotations: readonly Annotation[];
}

/** Opens a layer (the real one, or a test's). */
export type OpenLayer = (opts: OpenAnnotationLayerOptions) => AnnotationLayerHandle;

interface Entry {
  name: string;
  handle: AnnotationLayerHandle;
  annotations: readonly Annotation[];
  off: () => void;
}

/**
 * Other people's shared layers of one document, opened read-only and kept live: each owner the
 * caller is told of (`add`, from the shared-layers route and from the reading room) gets one
 * socket. The server decides: a layer it refuses, or closes because the document's grant was
 * withdrawn (4403), is dropped here with its annotations, and is not kept on the device.
 */
export class OthersLayers {
  private readonly entries = new Map<string, Entry>();
  /** Owners whose layer the server closed for good: not reopened by a later announcement. */
  private readonly refused = new Set<string>();
  private readonly listeners = new Set<() => void>();
  private snapshot: readonly OthersLayer[] = [];
  private destroyed = false;

  constructor(
    private readonly opts: {
      readonly server: string;
      readonly token: string;
      readonly documentId: string;
      readonly selfId: string;
    },
    private readonly open: OpenLayer = openAnnotationLayer,
  ) {}

  readonly subscribe = (cb: () => void): (() => void) => {
    this.listeners.add(cb);
    return () => this.listeners.delete(cb);
  };

  readonly getSnapshot = (): readonly OthersLayer[] => this.snapshot;

  /** Opens the shared layer of `ownerId` unless it is open, refused, or the caller's own. */
  add(ownerId: string, name: string): void {
    if (this.destroyed || ownerId === this.opts.selfId || this.refused.has(ownerId)) return;
    const known = this.entries.get(ownerId);
    if (known) {
      if (known.name !== name && name !== '') {
        known.name = name;
        this.publish();
      }
      return;
    }
    const handle = this.open({
      server: this.opts.server,
      token: this.opts.token,
      documentId: this.opts.documentId,
      ownerId,
      layer: 'shared',
      persistOffline: false,
    });
    const entry: Entry = { name, handle, annotations: [], off: () => {} };
    const refresh = (): void => {
      // Only the owner writes the layer, so its author is the owner, whatever it says inside.
      entry.annotations = readAnnotationLayer(handle.doc).map((a) =>
        a.authorId === ownerId ? a : { ...a, authorId: ownerId },
      );
      this.publish();
    };
    const onClose = (event: { code: number } | null): void => {
      if (event?.code === CloseCodes.AccessWithdrawn.code) this.drop(ownerId);
    };
    handle.doc.on('update', refresh);
    handle.provider.on('connection-close', onClose);
    entry.off = () => {
      handle.doc.off('update', refresh);
      handle.provider.off('connection-close', onClose);
    };
    this.entries.set(ownerId, entry);
    refresh();
  }

  /** Closes one owner's layer and forgets what it showed; it is not reopened. */
  drop(ownerId: string): void {
    const entry = this.entries.get(ownerId);
    this.refused.add(ownerId);
    if (!entry) return;
    this.entries.delete(ownerId);
    entry.off();
    entry.handle.destroy();
    this.publish();
  }

  destroy(): void {
    this.destroyed = true;
    for (const entry of this.entries.values()) {
      entry.off();
      entry.handle.destroy();
    }
    this.entries.clear();
    this.listeners.clear();
  }

  private publish(): void {
    this.snapshot = [...this.entries.entries()]
      .map(([ownerId, e]) => ({
        ownerId,
        name: e.name || e.annotations[0]?.authorName || ownerId,
        colour: authorColour(ownerId),
        annotations: e.annotations,
      }))
      .sort((a, b) => a.name.localeCompare(b.name, 'vi'));
    for (const cb of this.listeners) cb();
  }
}
