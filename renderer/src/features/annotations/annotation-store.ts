import {
  ANNOTATIONS_MAP,
  limitAnnotationLayer,
  readAnnotationEntry,
  removeAnnotation,
  writeAnnotation,
} from '#common/protocol/annotation-layer';
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
  private readonly parsed: Readonly<Record<AnnotationLayerName, ParsedLayer>>;
  private readonly listeners = new Set<() => void>();
  private readonly offs: (() => void)[] = [];

  constructor(
    readonly layers: Readonly<Record<AnnotationLayerName, AnnotationLayerHandle>>,
    readonly author: AnnotationAuthor,
  ) {
    this.undo = new LayeredUndo([layers.private.doc, layers.shared.doc], this.origin);
    this.parsed = {
      private: new ParsedLayer(layers.private.doc),
      shared: new ParsedLayer(layers.shared.doc),
    };
    this.snapshot = this.read();
    const refresh = (): void => {
      this.snapshot = this.read();
      for (const cb of this.listeners) cb();
    };
    for (const name of ['private', 'shared'] as const) {
      const layer = layers[name];
      const parsed = this.parsed[name];
      // After the transaction's observers, so the parsed layer is current; an update that
      // changed no annotation (an empty sync step) changes nothing the tools draw.
      const onUpdate = (): void => {
        if (parsed.takeChanged()) refresh();
      };
      layer.doc.on('update', onUpdate);
      this.offs.push(() => layer.doc.off('update', onUpdate));
      this.offs.push(() => parsed.destroy());
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
    if (this.parsed.shared.get(id)) return 'shared';
    if (this.parsed.private.get(id)) return 'private';
    return null;
  }

  find(id: string): Annotation | null {
    return this.parsed.private.get(id) ?? this.parsed.shared.get(id) ?? null;
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
      private: this.parsed.private.list,
      shared: this.parsed.shared.list,
      canUndo: this.undo.canUndo,
      canRedo: this.undo.canRedo,
      pending: this.layers.private.pending() + this.layers.shared.pending(),
    };
  }
}

/**
 * One layer's annotations as `readAnnotationLayer` reads them (valid entries only, oldest
 * first, at most the per-layer limit), kept current from the map's deep events: a change
 * re-parses the entries it touched, never the whole layer, and the list of a layer that did not
 * change keeps its identity (the overlay's per-page memos rely on it).
 */
class ParsedLayer {
  private readonly valid = new Map<string, Annotation>();
  /** The annotations in {@link list}, by id. */
  private listed = new Map<string, Annotation>();
  private changed = false;
  list: readonly Annotation[] = [];
  private readonly root: Y.Map<unknown>;
  private readonly onChange: (events: Y.YEvent<Y.AbstractType<unknown>>[]) => void;

  constructor(doc: Y.Doc) {
    this.root = doc.getMap(ANNOTATIONS_MAP);
    this.root.forEach((value, key) => {
      this.reparse(key, value);
    });
    this.rebuild();
    this.onChange = (events) => {
      const touched = new Set<string>();
      for (const event of events) {
        if (event.target === this.root) {
          if (event instanceof Y.YMapEvent) for (const key of event.keysChanged) touched.add(key);
        } else if (typeof event.path[0] === 'string') touched.add(event.path[0]);
      }
      for (const key of touched) this.reparse(key, this.root.get(key));
      if (touched.size > 0) this.rebuild();
    };
    this.root.observeDeep(this.onChange);
  }

  /** An annotation of the list by id. */
  get(id: string): Annotation | undefined {
    return this.listed.get(id);
  }

  /** Whether the list changed since the last call. */
  takeChanged(): boolean {
    const was = this.changed;
    this.changed = false;
    return was;
  }

  destroy(): void {
    this.root.unobserveDeep(this.onChange);
  }

  private reparse(key: string, value: unknown): void {
    const parsed = value === undefined ? null : readAnnotationEntry(key, value);
    if (parsed === null) this.valid.delete(key);
    else this.valid.set(key, parsed);
  }

  private rebuild(): void {
    this.list = limitAnnotationLayer([...this.valid.values()]);
    this.listed = new Map(this.list.map((a) => [a.id, a]));
    this.changed = true;
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
