import { z } from 'zod';
import { IdSchema, IsoDateTimeSchema } from './ids';

/**
 * One annotation of a document, as a participant's layer stores it (ARCHITECTURE.md,
 * "Annotation model") and as the export writes it into the PDF. Geometry is in PDF user-space
 * points of its page — origin bottom left, before the page's /Rotate — so it is exact at any
 * zoom, rotation and screen. Layers are written by clients, so every size is bounded here: a
 * hostile layer cannot make the export (or a laptop drawing it) explode.
 */

/** The bounds of one annotation, and of a layer (see `annotation-layer.ts`). */
export const ANNOTATION_LIMITS = {
  /** Quads of one highlight: a long selection across a page is a few dozen lines. */
  quads: 500,
  /** The quoted text of a highlight. */
  quotedChars: 5_000,
  /** Strokes of one ink annotation. */
  paths: 200,
  /** Points of one stroke. */
  pointsPerPath: 2_000,
  /** Points of all the strokes of one ink annotation. */
  pointsPerInk: 20_000,
  /** A sticky note's or a text box's text. */
  textChars: 10_000,
  /** A bookmark's label. */
  labelChars: 300,
  /** The author's display name. */
  authorNameChars: 200,
  /** Annotations read from one layer; more are left out (see `readAnnotationLayer`). */
  perLayer: 10_000,
  /** Pages: a coordinate beyond PDF's largest page (200 inches) is garbage. */
  coordinate: 14_400,
} as const;

/** A coordinate in PDF points; PDF pages are at most 14,400 points on a side. */
const Coord = z.number().finite().min(-ANNOTATION_LIMITS.coordinate).max(ANNOTATION_LIMITS.coordinate);

/** A colour as `#rrggbb`. */
export const AnnotationColorSchema = z.string().regex(/^#[0-9a-fA-F]{6}$/, 'colour must be #rrggbb');

/** The colours the tools offer (highlighters and pens); any `#rrggbb` is accepted. */
export const ANNOTATION_COLORS = {
  yellow: '#ffd400',
  green: '#5fd35f',
  blue: '#4da3ff',
  pink: '#ff6fa8',
  red: '#e0242a',
  black: '#000000',
} as const;

/** A point in PDF user space. */
export const PdfPointSchema = z.strictObject({ x: Coord, y: Coord });
export type PdfPoint = z.infer<typeof PdfPointSchema>;

/** A rectangle in PDF user space: lower-left corner, width and height (never negative). */
export const PdfRectSchema = z.strictObject({
  x: Coord,
  y: Coord,
  width: z.number().finite().min(0).max(ANNOTATION_LIMITS.coordinate),
  height: z.number().finite().min(0).max(ANNOTATION_LIMITS.coordinate),
});
export type PdfRect = z.infer<typeof PdfRectSchema>;

/**
 * One quadrilateral of highlighted text, its corners in PDF's /QuadPoints order: top left, top
 * right, bottom left, bottom right as the text reads (so a rotated line keeps its slant).
 */
export const QuadSchema = z.tuple([Coord, Coord, Coord, Coord, Coord, Coord, Coord, Coord]);
export type Quad = z.infer<typeof QuadSchema>;

/** What every annotation has. */
const Common = {
  /** Made by the client (a UUID or ULID): the same id names it in every layer and in the export (/NM). */
  id: IdSchema,
  /** 1-based page number. */
  page: z.number().int().min(1).max(100_000),
  /** The participant who made it. */
  authorId: IdSchema,
  /** Their name as shown when it was made (exports are read outside the room). */
  authorName: z.string().max(ANNOTATION_LIMITS.authorNameChars),
  createdAt: IsoDateTimeSchema,
  updatedAt: IsoDateTimeSchema,
};

/** Text highlight anchored to the selected text: its quads and the text they cover. */
export const HighlightAnnotationSchema = z.strictObject({
  ...Common,
  kind: z.literal('highlight'),
  quads: z.array(QuadSchema).min(1).max(ANNOTATION_LIMITS.quads),
  quotedText: z.string().max(ANNOTATION_LIMITS.quotedChars),
  color: AnnotationColorSchema,
});

/**
 * Whether `value` is an ink annotation's strokes within bounds: 1 to `paths` strokes of 1 to
 * `pointsPerPath` points each, `pointsPerInk` in all, every point exactly `{x, y}` within the
 * coordinate bounds (what `z.array(z.array(PdfPointSchema))` with those bounds accepts). One
 * loop instead of one zod object per point: a 5,000-annotation layer holds ~50,000 points, and
 * parsing them one schema at a time was a third of the time a new device took to open it
 * (`tests/bench/README.md`, "Annotations").
 */
function isInkPaths(value: unknown): value is PdfPoint[][] {
  if (!Array.isArray(value) || value.length < 1 || value.length > ANNOTATION_LIMITS.paths) return false;
  const max = ANNOTATION_LIMITS.coordinate;
  let total = 0;
  for (const path of value) {
    if (!Array.isArray(path) || path.length < 1 || path.length > ANNOTATION_LIMITS.pointsPerPath)
      return false;
    total += path.length;
    if (total > ANNOTATION_LIMITS.pointsPerInk) return false;
    for (const point of path) {
      if (typeof point !== 'object' || point === null || Array.isArray(point)) return false;
      const { x, y } = point as { x?: unknown; y?: unknown };
      if (typeof x !== 'number' || typeof y !== 'number') return false;
      if (!(x >= -max && x <= max && y >= -max && y <= max)) return false;
      if (Object.keys(point).length !== 2) return false;
    }
  }
  return true;
}

/** Freehand pen: strokes of points, with one colour and width (the eraser removes strokes). */
export const InkAnnotationSchema = z.strictObject({
  ...Common,
  kind: z.literal('ink'),
  paths: z.custom<PdfPoint[][]>(
    isInkPaths,
    `1–${ANNOTATION_LIMITS.paths} strokes of 1–${ANNOTATION_LIMITS.pointsPerPath} points {x, y} within ±${ANNOTATION_LIMITS.coordinate}, at most ${ANNOTATION_LIMITS.pointsPerInk} points in all`,
  ),
  color: AnnotationColorSchema,
  /** Line width in points. */
  width: z.number().finite().min(0.25).max(50),
});

/** Sticky note: an icon at a point, with its text. */
export const NoteAnnotationSchema = z.strictObject({
  ...Common,
  kind: z.literal('note'),
  /** Where the icon's top left corner is. */
  at: PdfPointSchema,
  text: z.string().max(ANNOTATION_LIMITS.textChars),
  color: AnnotationColorSchema,
});

/** Text box: text written on the page, inside its rectangle. */
export const TextboxAnnotationSchema = z.strictObject({
  ...Common,
  kind: z.literal('textbox'),
  rect: PdfRectSchema,
  text: z.string().max(ANNOTATION_LIMITS.textChars),
  /** Font size in points. */
  fontSize: z.number().finite().min(4).max(96),
  color: AnnotationColorSchema,
});

/** A bookmark on a page (an outline entry in the export). */
export const BookmarkAnnotationSchema = z.strictObject({
  ...Common,
  kind: z.literal('bookmark'),
  label: z.string().max(ANNOTATION_LIMITS.labelChars),
});

export const AnnotationSchema = z.discriminatedUnion('kind', [
  HighlightAnnotationSchema,
  InkAnnotationSchema,
  NoteAnnotationSchema,
  TextboxAnnotationSchema,
  BookmarkAnnotationSchema,
]);
export type Annotation = z.infer<typeof AnnotationSchema>;
export type AnnotationKind = Annotation['kind'];
export type HighlightAnnotation = z.infer<typeof HighlightAnnotationSchema>;
export type InkAnnotation = z.infer<typeof InkAnnotationSchema>;
export type NoteAnnotation = z.infer<typeof NoteAnnotationSchema>;
export type TextboxAnnotation = z.infer<typeof TextboxAnnotationSchema>;
export type BookmarkAnnotation = z.infer<typeof BookmarkAnnotationSchema>;

export const ANNOTATION_KINDS: readonly AnnotationKind[] = [
  'highlight',
  'ink',
  'note',
  'textbox',
  'bookmark',
];
