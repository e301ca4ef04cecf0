import { ANNOTATION_LIMITS, type Annotation, AnnotationSchema } from '../schemas/annotation';

/**
 * How an annotation layer document (`ann/<documentId>/<participantId>/private|shared`) stores
 * its annotations. The exact shape, additive-only like every synced shape:
 *
 * ```
 * Y.Doc
 * └─ getMap('annotations')            Y.Map: annotation id → Y.Map
 *    └─ '<id>'                        Y.Map: one entry per field of AnnotationSchema
 *       ├─ 'id'        string         (the same as its key)
 *       ├─ 'kind'      'highlight' | 'ink' | 'note' | 'textbox' | 'bookmark'
 *       ├─ 'page'      number (1-based)
 *       ├─ 'authorId', 'authorName', 'createdAt', 'updatedAt'
 *       └─ the kind's own fields, each a plain JSON value:
 *          highlight: 'quads' (number[8][]), 'quotedText', 'color'
 *          ink:       'paths' ({x,y}[][]), 'color', 'width'
 *          note:      'at' ({x,y}), 'text', 'color'
 *          textbox:   'rect' ({x,y,width,height}), 'text', 'fontSize', 'color'
 *          bookmark:  'label'
 * ```
 *
 * One Y.Map per annotation, so two devices of the same owner editing different fields of one
 * annotation (its text on one, its colour on the other) both keep their change; geometry is one
 * value, replaced whole, because half of one stroke and half of another is no stroke at all.
 *
 * Common code does not depend on yjs (README, "Layers"): the helpers take the few methods of
 * `Y.Doc` and `Y.Map` they use, and a `Y.Map` constructor when they must make one. The renderer
 * passes its `Y.Doc` and `Y.Map`; the server reads with its own.
 */
export const ANNOTATIONS_MAP = 'annotations';

/** What the helpers use of a `Y.Map`. */
export interface YMapLike {
  get(key: string): unknown;
  set(key: string, value: unknown): unknown;
  delete(key: string): void;
  has(key: string): boolean;
  forEach(f: (value: unknown, key: string) => void): void;
  toJSON(): unknown;
}

/** What the helpers use of a `Y.Doc`. */
export interface AnnotationLayerDocLike {
  getMap(name: string): YMapLike;
  transact(change: () => void, origin?: unknown): void;
}

/** How to make a new nested map (`() => new Y.Map()`). */
export type NewYMap = () => YMapLike;

function isYMap(value: unknown): value is YMapLike {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as YMapLike).set === 'function' &&
    typeof (value as YMapLike).toJSON === 'function'
  );
}

/** Oldest first, then by id: the order a layer is read, drawn and exported in, on every machine. */
export function compareAnnotations(a: Annotation, b: Annotation): number {
  if (a.createdAt !== b.createdAt) return a.createdAt < b.createdAt ? -1 : 1;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

/**
 * The valid annotations of a layer, oldest first. An entry that does not parse (garbage, a
 * field out of its bounds, a kind a newer client writes, a key that is not its id) is skipped
 * as if it were not there, and the others are kept; at most `ANNOTATION_LIMITS.perLayer` (the
 * oldest) are returned. Never throws.
 */
export function readAnnotationLayer(doc: AnnotationLayerDocLike): Annotation[] {
  const found: Annotation[] = [];
  try {
    doc.getMap(ANNOTATIONS_MAP).forEach((value, key) => {
      const parsed = readAnnotationEntry(key, value);
      if (parsed !== null) found.push(parsed);
    });
  } catch {
    return [];
  }
  return limitAnnotationLayer(found);
}

/**
 * One entry of a layer's map, as {@link readAnnotationLayer} reads it: the annotation, or null
 * when it does not parse or its key is not its id. Never throws. (The renderer re-reads only
 * the entries a change touched, with this.)
 */
export function readAnnotationEntry(key: string, value: unknown): Annotation | null {
  try {
    const json = isYMap(value) ? value.toJSON() : value;
    const parsed = AnnotationSchema.safeParse(json);
    return parsed.success && parsed.data.id === key ? parsed.data : null;
  } catch {
    // A value whose toJSON throws is as good as garbage: skip it, keep the rest.
    return null;
  }
}

/** A layer's valid annotations in reading order, at most `ANNOTATION_LIMITS.perLayer` (the oldest); sorts `found` in place. */
export function limitAnnotationLayer(found: Annotation[]): Annotation[] {
  found.sort(compareAnnotations);
  return found.length > ANNOTATION_LIMITS.perLayer ? found.slice(0, ANNOTATION_LIMITS.perLayer) : found;
}

/**
 * Adds or updates one annotation (parsed first: throws a ZodError for an invalid one, so a
 * client cannot write what every reader would skip). Only fields whose value changed are
 * written, and fields the annotation no longer has (its kind changed) are removed, in one
 * transaction.
 */
export function writeAnnotation(
  doc: AnnotationLayerDocLike,
  annotation: Annotation,
  newMap: NewYMap,
  origin?: unknown,
): void {
  const valid = AnnotationSchema.parse(annotation) as Record<string, unknown> & Annotation;
  doc.transact(() => {
    const root = doc.getMap(ANNOTATIONS_MAP);
    let entry = root.get(valid.id);
    if (!isYMap(entry)) {
      entry = newMap();
      root.set(valid.id, entry);
    }
    const map = entry as YMapLike;
    const stale: string[] = [];
    map.forEach((_value, key) => {
      if (!(key in valid)) stale.push(key);
    });
    for (const key of stale) map.delete(key);
    for (const [key, value] of Object.entries(valid)) {
      if (JSON.stringify(map.get(key)) !== JSON.stringify(value)) map.set(key, value);
    }
  }, origin);
}

/** Removes one annotation; returns whether the layer had it. */
export function removeAnnotation(doc: AnnotationLayerDocLike, id: string, origin?: unknown): boolean {
  let had = false;
  doc.transact(() => {
    const root = doc.getMap(ANNOTATIONS_MAP);
    had = root.has(id);
    if (had) root.delete(id);
  }, origin);
  return had;
}
