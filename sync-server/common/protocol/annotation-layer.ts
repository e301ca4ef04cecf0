import { ANNOTATION_LIMITS, type Annotation, AnnotationSchema } from '../schemas/annotation';

/**
 * How an annotation layer document (`ann/<documentId>/<participantId>/private|shared`) stores
 * its annotations. The exact shape, additive-only like every synced shape:
 *
 * ```
 * Y.Doc
 * └─ getMap('annotations')            Y.Map: annotation id → Y.Map
 *    └─ '<id>'                        Y.Map: the annotation
 *       ├─ 'base'      string         the whole annotation (AnnotationSchema) as JSON text,
 *       │                             written when it is made, moved or changes kind
 *       └─ '<field>'   JSON value     a field changed since: overrides the base's
 * ```
 *
 * A field written on its own wins over the base, so two devices of the same owner editing
 * different fields of one annotation (its text on one, its colour on the other) both keep their
 * change; geometry is one value, replaced whole, because half of one stroke and half of another
 * is no stroke at all.
 *
 * Why a base in one string rather than one map entry per field: every map entry is a Yjs item
 * with its own id and key, and decoding them is what opening a layer costs. A layer of 5,000
 * annotations had 55,000 items, 0.44–0.5 s to decode and encode again in Node on a first run;
 * with the base it has 10,000, 0.06–0.17 s, and the platform's JSON parser builds the objects
 * (`tests/bench/README.md`, "Annotations").
 *
 * Entries written before the base existed have one map entry per field and no `base`: they are
 * read the same way (every field an override), and an edit keeps them so.
 *
 * Common code does not depend on yjs (README, "Layers"): the helpers take the few methods of
 * `Y.Doc` and `Y.Map` they use, and a `Y.Map` constructor when they must make one. The renderer
 * passes its `Y.Doc` and `Y.Map`; the server reads with its own.
 */
export const ANNOTATIONS_MAP = 'annotations';

/** The key of an annotation's map that holds the whole annotation as JSON text. */
export const ANNOTATION_BASE_KEY = 'base';

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
    const json = isYMap(value) ? entryValue(value) : value;
    if (json === null) return null;
    const parsed = AnnotationSchema.safeParse(json);
    return parsed.success && parsed.data.id === key ? parsed.data : null;
  } catch {
    // A value whose toJSON throws is as good as garbage: skip it, keep the rest.
    return null;
  }
}

/**
 * An annotation's map as one plain object, not yet validated: the base's fields with the fields
 * written since over them; null when the base is not a JSON object. Throws when the base is not
 * JSON at all (the caller treats that as garbage).
 */
function entryValue(map: YMapLike): Record<string, unknown> | null {
  const fields = map.toJSON() as Record<string, unknown>;
  if (!(ANNOTATION_BASE_KEY in fields)) return fields;
  const { [ANNOTATION_BASE_KEY]: base, ...changed } = fields;
  const whole: unknown = typeof base === 'string' ? JSON.parse(base) : null;
  if (typeof whole !== 'object' || whole === null || Array.isArray(whole)) return null;
  return { ...(whole as Record<string, unknown>), ...changed };
}

/** A layer's valid annotations in reading order, at most `ANNOTATION_LIMITS.perLayer` (the oldest); sorts `found` in place. */
export function limitAnnotationLayer(found: Annotation[]): Annotation[] {
  found.sort(compareAnnotations);
  return found.length > ANNOTATION_LIMITS.perLayer ? found.slice(0, ANNOTATION_LIMITS.perLayer) : found;
}

/**
 * Adds or updates one annotation (parsed first: throws a ZodError for an invalid one, so a
 * client cannot write what every reader would skip), in one transaction. A new annotation, or
 * one whose fields are not those it had (its kind changed), is written whole as a new base; an
 * existing one gets only the fields whose value changed, each on its own, so a concurrent change
 * of another field on another device survives. Writing what is already there writes nothing.
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
    const entry = root.get(valid.id);
    const current = isYMap(entry) ? safeEntryValue(entry) : null;
    if (!isYMap(entry) || current === null || !sameKeys(current, valid)) {
      const map = newMap();
      map.set(ANNOTATION_BASE_KEY, JSON.stringify(valid));
      root.set(valid.id, map);
      return;
    }
    for (const [key, value] of Object.entries(valid)) {
      if (JSON.stringify(current[key]) !== JSON.stringify(value)) entry.set(key, value);
    }
  }, origin);
}

function safeEntryValue(map: YMapLike): Record<string, unknown> | null {
  try {
    return entryValue(map);
  } catch {
    return null;
  }
}

function sameKeys(a: Record<string, unknown>, b: Record<string, unknown>): boolean {
  const keys = Object.keys(a);
  return keys.length === Object.keys(b).length && keys.every((key) => key in b);
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
