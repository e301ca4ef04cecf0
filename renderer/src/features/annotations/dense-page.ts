import type { Annotation, PdfPoint } from '#common/schemas/annotation';
import { annotationBounds, cssPerPoint, eraserTouches, NOTE_SIZE, type PageMapping } from './geometry';

/**
 * A page with thousands of annotations (a long pen session, an imported layer) is drawn as a
 * few shapes instead of one element per annotation: every ink stroke, highlight and sticky
 * note of one look (kind, layer, colour, width) joins one SVG path. Thousands of elements cost
 * seconds of layout and paint on a delegate's laptop; a few paths cost milliseconds, and look
 * the same. The tools stay: a press on a path finds the annotation under the pointer
 * ({@link hitAnnotation}), and the selected one (or the one being edited, moved or erased) is
 * drawn on its own, as on any page.
 */

/** Pages with more annotations than this are drawn dense. */
export const DENSE_PAGE_THRESHOLD = 150;

/**
 * Each look's path is cut by where its annotations start, in squares of this many CSS pixels:
 * hovering or pressing then tests the few paths whose box holds the pointer, not every
 * segment of the page, and changing one annotation repaints its square's path only.
 */
const TILE_PX = 256;

/** What a dense page needs of each annotation it draws (AnnotationPage's PlacedAnnotation). */
export interface DensePlaced {
  readonly annotation: Annotation;
  readonly readOnly: boolean;
  readonly authorColor?: string;
}

/** One shape of a dense page: the annotations of one look that start in one square, as one path. */
export interface DenseGroup<P extends DensePlaced = DensePlaced> {
  /** Stable while the page shows annotations of that look (a React key). */
  readonly key: string;
  readonly kind: 'ink' | 'highlight' | 'note';
  /** Another author's: not pickable, drawn in their colour. */
  readonly readOnly: boolean;
  readonly color: string;
  /** Ink only: the stroke's width in CSS pixels. */
  readonly strokeWidth: number;
  /** The path, in CSS pixels of the page as shown. */
  readonly d: string;
  /** The annotations drawn in {@link d}, in drawing order (the last is on top). */
  readonly members: readonly P[];
}

const fixed = (n: number): string => n.toFixed(2);

/** Where an annotation's shape starts, in CSS pixels (which square its path is in). */
function startOf(a: Annotation, map: PageMapping): [number, number] {
  switch (a.kind) {
    case 'ink': {
      const p = a.paths[0]?.[0];
      return p ? map.toCss(p.x, p.y) : [0, 0];
    }
    case 'highlight': {
      const q = a.quads[0];
      return q ? map.toCss(q[0], q[1]) : [0, 0];
    }
    case 'note':
      return map.toCss(a.at.x, a.at.y);
    default:
      return [0, 0];
  }
}

function inkData(paths: readonly (readonly PdfPoint[])[], map: PageMapping): string {
  let d = '';
  for (const path of paths) {
    for (let i = 0; i < path.length; i++) {
      const p = path[i] as PdfPoint;
      const [x, y] = map.toCss(p.x, p.y);
      d += `${i === 0 ? 'M' : 'L'}${fixed(x)} ${fixed(y)}`;
    }
    // A single point is a dot: a zero-length segment with round caps.
    if (path.length === 1) d += 'l0.01 0';
  }
  return d;
}

function highlightData(quads: readonly (readonly number[])[], map: PageMapping): string {
  let d = '';
  for (const q of quads) {
    // Quads are stored as PDF QuadPoints: top left, top right, bottom left, bottom right.
    const corners = [map.toCss(q[0] ?? 0, q[1] ?? 0), map.toCss(q[2] ?? 0, q[3] ?? 0)];
    corners.push(map.toCss(q[6] ?? 0, q[7] ?? 0), map.toCss(q[4] ?? 0, q[5] ?? 0));
    d += `M${corners.map(([x, y]) => `${fixed(x)} ${fixed(y)}`).join('L')}Z`;
  }
  return d;
}

function noteData(at: PdfPoint, map: PageMapping): string {
  const corners = [
    map.toCss(at.x, at.y),
    map.toCss(at.x + NOTE_SIZE, at.y),
    map.toCss(at.x + NOTE_SIZE, at.y - NOTE_SIZE),
    map.toCss(at.x, at.y - NOTE_SIZE),
  ];
  return `M${corners.map(([x, y]) => `${fixed(x)} ${fixed(y)}`).join('L')}Z`;
}

/**
 * Each annotation's part of a path, for the mapping it was made with: selecting, moving or
 * erasing one annotation rebuilds the page's paths from these instead of formatting thousands
 * of points again. A new zoom or rotation is a new mapping (PageOverlay), so a new part.
 */
const parts = new WeakMap<Annotation, { readonly map: PageMapping; readonly d: string }>();

function partOf(a: Annotation, map: PageMapping): string {
  const kept = parts.get(a);
  if (kept?.map === map) return kept.d;
  const d =
    a.kind === 'ink'
      ? inkData(a.paths, map)
      : a.kind === 'highlight'
        ? highlightData(a.quads, map)
        : a.kind === 'note'
          ? noteData(a.at, map)
          : '';
  parts.set(a, { map, d });
  return d;
}

/**
 * The shapes of a dense page: each ink stroke, highlight and note of `placed` that `alone`
 * does not single out (those are drawn on their own), joined by look and square, in the page's
 * order. Every look and square present on the page has its group, empty when all its
 * annotations are singled out, so a path under the pointer stays while its annotation moves.
 */
export function denseGroups<P extends DensePlaced>(
  placed: readonly P[],
  map: PageMapping,
  alone: (placed: P) => boolean,
): DenseGroup<P>[] {
  const k = cssPerPoint(map);
  const groups = new Map<string, { group: DenseGroup<P>; parts: string[]; members: P[] }>();
  for (const p of placed) {
    const a = p.annotation;
    if (a.kind !== 'ink' && a.kind !== 'highlight' && a.kind !== 'note') continue;
    const color = p.readOnly ? (p.authorColor ?? a.color) : a.color;
    const strokeWidth = a.kind === 'ink' ? Math.max(1, a.width * k) : 0;
    // Where the annotation is stored, not where a move shows it: its path stays while it moves.
    const [x, y] = startOf(a, map);
    const tile = `${Math.floor(x / TILE_PX)},${Math.floor(y / TILE_PX)}`;
    const key = `${a.kind}|${p.readOnly ? 'r' : 'w'}|${color}|${fixed(strokeWidth)}|${tile}`;
    let entry = groups.get(key);
    if (!entry) {
      const parts: string[] = [];
      const members: P[] = [];
      entry = {
        group: { key, kind: a.kind, readOnly: p.readOnly, color, strokeWidth, d: '', members },
        parts,
        members,
      };
      groups.set(key, entry);
    }
    if (alone(p)) continue;
    entry.members.push(p);
    entry.parts.push(partOf(a, map));
  }
  return [...groups.values()].map(({ group, parts }) => ({ ...group, d: parts.join('') }));
}

/**
 * The topmost of `placed` under `at` (PDF user space), within `radius` points: on an ink
 * stroke's line, inside a highlight's quads or a note's icon. Null when none is.
 */
export function hitAnnotation<P extends DensePlaced>(
  placed: readonly P[],
  at: PdfPoint,
  radius: number,
): P | null {
  for (let i = placed.length - 1; i >= 0; i--) {
    const p = placed[i] as P;
    const a = p.annotation;
    if (a.kind === 'ink') {
      if (a.paths.some((path) => eraserTouches(path, a.width, at, radius))) return p;
      continue;
    }
    const bounds = annotationBounds(a);
    if (
      bounds &&
      at.x >= bounds.x1 - radius &&
      at.x <= bounds.x2 + radius &&
      at.y >= bounds.y1 - radius &&
      at.y <= bounds.y2 + radius
    )
      return p;
  }
  return null;
}

/** How many annotations the dense shapes under `root` draw (the paint stamp counts them). */
export const DENSE_COUNT_ATTRIBUTE = 'data-annotation-count';
