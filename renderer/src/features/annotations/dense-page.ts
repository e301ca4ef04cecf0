import type { Annotation, PdfPoint } from '#common/schemas/annotation';
import { annotationBounds, eraserTouches, NOTE_SIZE, type PageMapping } from './geometry';

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
 * Each look's path is cut by where its annotations start, in squares of this many PDF points
 * (about 256 CSS px at 100 %): hovering or pressing then tests the few paths whose box holds the
 * pointer, not every segment of the page, and changing one annotation repaints its square's
 * path only.
 */
const TILE_PT = 192;

/** What a dense page needs of each annotation it draws (AnnotationPage's PlacedAnnotation). */
export interface DensePlaced {
  readonly annotation: Annotation;
  readonly readOnly: boolean;
  readonly authorColor?: string;
}

/**
 * One shape of a dense page: the annotations of one look that start in one square, as one path
 * in the page's PDF user space. The page draws it through {@link denseTransform}, so zooming and
 * rotating change one attribute and never the path: a dense page's paths are built once per
 * change of its annotations, not once per zoom step.
 */
export interface DenseGroup<P extends DensePlaced = DensePlaced> {
  /** Stable while the page shows annotations of that look (a React key). */
  readonly key: string;
  readonly kind: 'ink' | 'highlight' | 'note';
  /** Another author's: not pickable, drawn in their colour. */
  readonly readOnly: boolean;
  readonly color: string;
  /** Ink only: the stroke's width in PDF points (drawn at least 1 CSS px wide). */
  readonly width: number;
  /** The path, in PDF user space (points, y up). */
  readonly d: string;
  /** The annotations drawn in {@link d}, in drawing order (the last is on top). */
  readonly members: readonly P[];
}

/**
 * A coordinate as the path writes it: to a hundredth of a point (0.35 µm on paper, far below a
 * pixel at any zoom the viewer offers), so a pen's raw floating-point positions do not write
 * seventeen digits each.
 */
const num = (n: number): string => String(Math.round(n * 100) / 100);

/** Where an annotation's shape starts, in PDF points (which square its path is in). */
function startOf(a: Annotation): [number, number] {
  switch (a.kind) {
    case 'ink': {
      const p = a.paths[0]?.[0];
      return p ? [p.x, p.y] : [0, 0];
    }
    case 'highlight': {
      const q = a.quads[0];
      return q ? [q[0], q[1]] : [0, 0];
    }
    case 'note':
      return [a.at.x, a.at.y];
    default:
      return [0, 0];
  }
}

function inkData(paths: readonly (readonly PdfPoint[])[]): string {
  let d = '';
  for (const path of paths) {
    for (let i = 0; i < path.length; i++) {
      const p = path[i] as PdfPoint;
      d += `${i === 0 ? 'M' : 'L'}${num(p.x)} ${num(p.y)}`;
    }
    // A single point is a dot: a zero-length segment with round caps.
    if (path.length === 1) d += 'l0.01 0';
  }
  return d;
}

function highlightData(quads: readonly (readonly number[])[]): string {
  let d = '';
  for (const q of quads) {
    // Quads are stored as PDF QuadPoints: top left, top right, bottom left, bottom right.
    const [x1 = 0, y1 = 0, x2 = 0, y2 = 0, x3 = 0, y3 = 0, x4 = 0, y4 = 0] = q;
    d += `M${num(x1)} ${num(y1)}L${num(x2)} ${num(y2)}L${num(x4)} ${num(y4)}L${num(x3)} ${num(y3)}Z`;
  }
  return d;
}

function noteData(at: PdfPoint): string {
  const x1 = num(at.x);
  const x2 = num(at.x + NOTE_SIZE);
  const y1 = num(at.y);
  const y2 = num(at.y - NOTE_SIZE);
  return `M${x1} ${y1}L${x2} ${y1}L${x2} ${y2}L${x1} ${y2}Z`;
}

/**
 * Each annotation's part of a path: selecting, moving or erasing one annotation, or zooming,
 * rebuilds the page's paths from these instead of writing thousands of points again. An
 * annotation's values never change (an edit is a new object), so its part stays right.
 */
const parts = new WeakMap<Annotation, string>();

function partOf(a: Annotation): string {
  const kept = parts.get(a);
  if (kept !== undefined) return kept;
  const d =
    a.kind === 'ink'
      ? inkData(a.paths)
      : a.kind === 'highlight'
        ? highlightData(a.quads)
        : a.kind === 'note'
          ? noteData(a.at)
          : '';
  parts.set(a, d);
  return d;
}

/**
 * The SVG `transform` that draws PDF user space where the page shows it (zoom, rotation, y
 * down): `matrix(a b c d e f)` from where the mapping puts the origin and the two unit vectors.
 */
export function denseTransform(map: PageMapping): string {
  const [e, f] = map.toCss(0, 0);
  const [ax, ay] = map.toCss(1, 0);
  const [cx, cy] = map.toCss(0, 1);
  return `matrix(${ax - e} ${ay - f} ${cx - e} ${cy - f} ${e} ${f})`;
}

/**
 * A dense ink path's stroke width in PDF points: the ink's own, but never under 1 CSS px, for a
 * page shown at `scale` CSS px per point (geometry.ts's `cssPerPoint`, which the page works out
 * anyway).
 */
export function denseStrokeWidth(group: DenseGroup, scale: number): number {
  return Math.max(1 / scale, group.width);
}

/**
 * The shapes of a dense page: each ink stroke, highlight and note of `placed` that `alone`
 * does not single out (those are drawn on their own), joined by look and square, in the page's
 * order. Every look and square present on the page has its group, empty when all its
 * annotations are singled out, so a path under the pointer stays while its annotation moves.
 */
export function denseGroups<P extends DensePlaced>(
  placed: readonly P[],
  alone: (placed: P) => boolean,
): DenseGroup<P>[] {
  const groups = new Map<string, { group: DenseGroup<P>; parts: string[]; members: P[] }>();
  for (const p of placed) {
    const a = p.annotation;
    if (a.kind !== 'ink' && a.kind !== 'highlight' && a.kind !== 'note') continue;
    const color = p.readOnly ? (p.authorColor ?? a.color) : a.color;
    const width = a.kind === 'ink' ? a.width : 0;
    // Where the annotation is stored, not where a move shows it: its path stays while it moves.
    const [x, y] = startOf(a);
    const tile = `${Math.floor(x / TILE_PT)},${Math.floor(y / TILE_PT)}`;
    const key = `${a.kind}|${p.readOnly ? 'r' : 'w'}|${color}|${width}|${tile}`;
    let entry = groups.get(key);
    if (!entry) {
      const parts: string[] = [];
      const members: P[] = [];
      entry = {
        group: { key, kind: a.kind, readOnly: p.readOnly, color, width, d: '', members },
        parts,
        members,
      };
      groups.set(key, entry);
    }
    if (alone(p)) continue;
    entry.members.push(p);
    entry.parts.push(partOf(a));
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
