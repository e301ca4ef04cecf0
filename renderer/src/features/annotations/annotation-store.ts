import { readAnnotationLayer, removeAnnotation, writeAnnotation } from '#common/protocol/annotation-layer';
import type { Annotation } from '#common/schemas/annotation';
import * as Y from 'yjs';
import type { AnnotationLayerHandle, AnnotationLayerName } from '../../lib/yjs/annotation-layers';
import { LayeredUndo } from './layered-undo';

/** Who is annotating (from the session): stamped on every annotation they make. */
export interface AnnotationAuthor {
  readonly id: string;
  readonly name: string;
}

/** What the tools draw and edit: the user's own two layers, as plain values. */
export interface OwnAnnotationsSnapshot {
  readonly private: readonly Annotation[];
  readonly shared: readonly Annotation[];
  readonly canUndo: boolean;
  readonly canRedo: boolean;
  /** Edits of both layers the server has not received yet. */
  readonly pending: number;
}

/**
 * The signed-in user's own layers of one document (private and shared), and every edit the
 * tools make to them. Every write passes `origin`, the only origin the undo managers track, so
 * undo reverts this tab's own edits and nothing that came over the network. New annotations go
 * to the private layer; an edit goes to the layer that holds the annotation.
 */
export class OwnAnnotations {
  /** The origin of every edit of this client's tools (a plain object: see pending-edits.ts). */
  readonly origin: object = { annotationTools: true };
  readonly undo: LayeredUndo;
  private snapshot: OwnAnnotationsSnapshot;
  private readonly listeners = new Set<() => void>();
  private readonly offs: (() => void)[] = [];

  constructor(
    readonly layers: Readonly<Record<AnnotationLayerName, AnnotationLayerHandle>>,
    readonly author: AnnotationAuthor,
  ) {
    this.undo = new LayeredUndo([layers.private.doc, layers.shared.doc], this.origin);
    this.snapshot = this.read();
    const refresh = (): void => {
      this.snapshot = this.read();
      for (const cb of this.listeners) cb();
    };
    for (const layer of [layers.private, layers.shared]) {
      layer.doc.on('update', refresh);
      this.offs.push(() => layer.doc.off('update', refresh));
      this.offs.push(layer.onPendingChange(refresh));
    }
    this.offs.push(this.undo.onChange(refresh));
  }

  readonly subscribe = (cb: () => void): (() => void) => {
    this.listeners.add(cb);
    return () => this.listeners.delete(cb);
  };

  readonly getSnapshot = (): OwnAnnotationsSnapshot => this.snapshot;

  /** The layer holding the annotation, or null when it is not one of the user's own. */
  layerOf(id: string): AnnotationLayerName | null {
    if (this.snapshot.shared.some((a) => a.id === id)) return 'shared';
    if (this.snapshot.private.some((a) => a.id === id)) return 'private';
    return null;
  }

  find(id: string): Annotation | null {
    return (
      this.snapshot.private.find((a) => a.id === id) ?? this.snapshot.shared.find((a) => a.id === id) ?? null
    );
  }

  /** Adds a new annotation to the private layer. Throws (zod) for an invalid one. */
  create(annotation: Annotation): void {
    writeAnnotation(this.layers.private.doc, annotation, () => new Y.Map(), this.origin);
  }

  /** Writes a changed annotation where it is, with a new `updatedAt`. */
  update(annotation: Annotation): void {
    const layer = this.layerOf(annotation.id);
    if (layer === null) return;
    const changed = { ...annotation, updatedAt: new Date().toISOString() };
    writeAnnotation(this.layers[layer].doc, changed, () => new Y.Map(), this.origin);
  }

  /** Removes annotations, each from its layer (one undo step per layer touched). */
  remove(ids: readonly string[]): void {
    this.edit([], ids);
  }

  /**
   * Changes and removals made as one edit (the eraser's sweep): one transaction, so one undo
   * step, per layer touched.
   */
  edit(changed: readonly Annotation[], removed: readonly string[]): void {
    const now = new Date().toISOString();
    for (const name of ['private', 'shared'] as const) {
      const updates = changed.filter((a) => this.layerOf(a.id) === name);
      const removals = removed.filter((id) => this.layerOf(id) === name);
      if (updates.length === 0 && removals.length === 0) continue;
      const doc = this.layers[name].doc;
      doc.transact(() => {
        for (const a of updates)
          writeAnnotation(doc, { ...a, updatedAt: now }, () => new Y.Map(), this.origin);
        for (const id of removals) removeAnnotation(doc, id, this.origin);
      }, this.origin);
    }
  }

  destroy(): void {
    for (const off of this.offs) off();
    this.listeners.clear();
    this.undo.destroy();
  }

  private read(): OwnAnnotationsSnapshot {
    return {
      private: readAnnotationLayer(this.layers.private.doc),
      shared: readAnnotationLayer(this.layers.shared.doc),
      canUndo: this.undo.canUndo,
      canRedo: this.undo.canRedo,
      pending: this.layers.private.pending() + this.layers.shared.pending(),
    };
  }
}

/**
 * A new annotation id: 128 random bits, URL-safe (`IdSchema`). Not `crypto.randomUUID`, which
 * browsers offer only in secure contexts, and a room server on the LAN is plain http.
 */
export function newAnnotationId(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}
