import type { Annotation, PdfPoint, PdfRect, Quad } from '#common/schemas/annotation';

/**
 * The geometry of the tools, in PDF user space (points, y up, the page before its /Rotate), so
 * an annotation sits at the same place of the page at any zoom and rotation. Screen positions
 * come in and go out through a page's mapping (`PageGeometry.toCss/toPdf`, pdf.js's viewport);
 * nothing here keeps a pixel.
 */

/** A page's two-way mapping between PDF user space and CSS pixels from the page's top left. */
export interface PageMapping {
  toCss(x: number, y: number): [number, number];
  toPdf(x: number, y: number): [number, number];
}

/** A rectangle in CSS pixels from the page's top left. */
export interface CssRect {
  readonly left: number;
  readonly top: number;
  readonly width: number;
  readonly height: number;
}

/** Bounds in PDF user space. */
export interface PdfBounds {
  x1: number;
  y1: number;
  x2: number;
  y2: number;
}

/** CSS pixels per PDF point as the page is shown (zoom × 96/72). */
export function cssPerPoint(map: PageMapping): number {
  const [ax, ay] = map.toCss(0, 0);
  const [bx, by] = map.toCss(1, 0);
  return Math.hypot(bx - ax, by - ay);
}

/** The PDF bounds of a CSS rectangle (all four corners: any rotation). */
export function cssRectToPdf(rect: CssRect, map: PageMapping): PdfBounds {
  const corners = [
    map.toPdf(rect.left, rect.top),
    map.toPdf(rect.left + rect.width, rect.top),
    map.toPdf(rect.left, rect.top + rect.height),
    map.toPdf(rect.left + rect.width, rect.top + rect.height),
  ];
  const xs = corners.map((c) => c[0]);
  const ys = corners.map((c) => c[1]);
  return { x1: Math.min(...xs), y1: Math.min(...ys), x2: Math.max(...xs), y2: Math.max(...ys) };
}

/** The CSS rectangle covering PDF bounds (all four corners: any rotation). */
export function pdfBoundsToCss(bounds: PdfBounds, map: PageMapping): CssRect {
  const corners = [
    map.toCss(bounds.x1, bounds.y1),
    map.toCss(bounds.x2, bounds.y1),
    map.toCss(bounds.x1, bounds.y2),
    map.toCss(bounds.x2, bounds.y2),
  ];
  const xs = corners.map((c) => c[0]);
  const ys = corners.map((c) => c[1]);
  const left = Math.min(...xs);
  const top = Math.min(...ys);
  return { left, top, width: Math.max(...xs) - left, height: Math.max(...ys) - top };
}

const round = (n: number): number => Math.round(n * 100) / 100;

/**
 * A quad from PDF bounds, in /QuadPoints order (top left, top right, bottom left, bottom right)
 * for text that runs left to right in the page's own space, the usual case whatever the view's
 * rotation.
 */
export function boundsToQuad(b: PdfBounds): Quad {
  return [
    round(b.x1),
    round(b.y2),
    round(b.x2),
    round(b.y2),
    round(b.x1),
    round(b.y1),
    round(b.x2),
    round(b.y1),
  ];
}

/** The PDF bounds of a quad. */
export function quadBounds(q: Quad): PdfBounds {
  const xs = [q[0], q[2], q[4], q[6]];
  const ys = [q[1], q[3], q[5], q[7]];
  return { x1: Math.min(...xs), y1: Math.min(...ys), x2: Math.max(...xs), y2: Math.max(...ys) };
}

/**
 * The quads of a text selection on one page, from its client rectangles (CSS pixels from the
 * page's top left). The browser gives one rectangle per text run, often several per line and
 * some repeated: pieces of one line (their heights mostly overlap) that touch or nearly touch
 * are joined, so a highlighted line is one quad, as readers draw it. Empty ones are dropped.
 */
export function quadsFromRects(rects: readonly CssRect[], map: PageMapping): Quad[] {
  const boxes = rects
    .filter((r) => r.width >= 0.5 && r.height >= 0.5)
    .map((r) => cssRectToPdf(r, map))
    .sort((a, b) => b.y2 - a.y2 || a.x1 - b.x1);
  const lines: PdfBounds[] = [];
  for (const box of boxes) {
    const height = box.y2 - box.y1;
    const line = lines.find((l) => {
      const overlap = Math.min(l.y2, box.y2) - Math.max(l.y1, box.y1);
      const gap = Math.max(box.x1 - l.x2, l.x1 - box.x2);
      return overlap >= 0.5 * Math.min(height, l.y2 - l.y1) && gap <= 0.6 * Math.max(height, l.y2 - l.y1);
    });
    if (line) {
      line.x1 = Math.min(line.x1, box.x1);
      line.x2 = Math.max(line.x2, box.x2);
      line.y1 = Math.min(line.y1, box.y1);
      line.y2 = Math.max(line.y2, box.y2);
    } else {
      lines.push({ ...box });
    }
  }
  return lines.map(boundsToQuad);
}

/** Distance from point p to the segment a–b. */
export function distanceToSegment(p: PdfPoint, a: PdfPoint, b: PdfPoint): number {
  const dx = b.x - a.x;
  const dy = b.y - a.y;
  const length2 = dx * dx + dy * dy;
  const t = length2 === 0 ? 0 : Math.max(0, Math.min(1, ((p.x - a.x) * dx + (p.y - a.y) * dy) / length2));
  return Math.hypot(p.x - (a.x + t * dx), p.y - (a.y + t * dy));
}

/**
 * Whether the eraser, a disc of `radius` points at `at`, touches a stroke drawn `width` points
 * wide: the stroke's edge, not only its centre line, counts.
 */
export function eraserTouches(
  path: readonly PdfPoint[],
  width: number,
  at: PdfPoint,
  radius: number,
): boolean {
  const reach = radius + width / 2;
  if (path.length === 1) {
    const only = path[0] as PdfPoint;
    return Math.hypot(at.x - only.x, at.y - only.y) <= reach;
  }
  for (let i = 1; i < path.length; i++) {
    if (distanceToSegment(at, path[i - 1] as PdfPoint, path[i] as PdfPoint) <= reach) return true;
  }
  return false;
}

/**
 * Drops points closer than `minStep` to the last kept one (a pointer reports many per point of
 * ink), keeping the last, so a stroke stays within the schema's bounds.
 */
export function simplifyStroke(points: readonly PdfPoint[], minStep: number): PdfPoint[] {
  const kept: PdfPoint[] = [];
  for (const p of points) {
    const last = kept[kept.length - 1];
    if (!last || Math.hypot(p.x - last.x, p.y - last.y) >= minStep)
      kept.push({ x: round(p.x), y: round(p.y) });
  }
  const end = points[points.length - 1];
  const lastKept = kept[kept.length - 1];
  if (end && lastKept && (lastKept.x !== round(end.x) || lastKept.y !== round(end.y))) {
    kept.push({ x: round(end.x), y: round(end.y) });
  }
  return kept;
}

/** A rectangle from two corners, any order. */
export function rectFromCorners(a: PdfPoint, b: PdfPoint): PdfRect {
  return {
    x: round(Math.min(a.x, b.x)),
    y: round(Math.min(a.y, b.y)),
    width: round(Math.abs(a.x - b.x)),
    height: round(Math.abs(a.y - b.y)),
  };
}

/** The annotation moved by (dx, dy) points; a bookmark (a page, no place) stays as it is. */
export function translateAnnotation(a: Annotation, dx: number, dy: number): Annotation {
  switch (a.kind) {
    case 'highlight':
      return {
        ...a,
        quads: a.quads.map((q) => q.map((v, i) => round(i % 2 === 0 ? v + dx : v + dy)) as unknown as Quad),
      };
    case 'ink':
      return {
        ...a,
        paths: a.paths.map((p) => p.map((pt) => ({ x: round(pt.x + dx), y: round(pt.y + dy) }))),
      };
    case 'note':
      return { ...a, at: { x: round(a.at.x + dx), y: round(a.at.y + dy) } };
    case 'textbox':
      return { ...a, rect: { ...a.rect, x: round(a.rect.x + dx), y: round(a.rect.y + dy) } };
    case 'bookmark':
      return a;
  }
}

/** The size of a sticky note's icon, in points. */
export const NOTE_SIZE = 20;

/** Where an annotation is on its page (null for a bookmark, which marks the page as a whole). */
export function annotationBounds(a: Annotation): PdfBounds | null {
  switch (a.kind) {
    case 'highlight': {
      const all = a.quads.map(quadBounds);
      return {
        x1: Math.min(...all.map((b) => b.x1)),
        y1: Math.min(...all.map((b) => b.y1)),
        x2: Math.max(...all.map((b) => b.x2)),
        y2: Math.max(...all.map((b) => b.y2)),
      };
    }
    case 'ink': {
      const pts = a.paths.flat();
      const pad = a.width / 2;
      return {
        x1: Math.min(...pts.map((p) => p.x)) - pad,
        y1: Math.min(...pts.map((p) => p.y)) - pad,
        x2: Math.max(...pts.map((p) => p.x)) + pad,
        y2: Math.max(...pts.map((p) => p.y)) + pad,
      };
    }
    case 'note':
      return { x1: a.at.x, y1: a.at.y - NOTE_SIZE, x2: a.at.x + NOTE_SIZE, y2: a.at.y };
    case 'textbox':
      return { x1: a.rect.x, y1: a.rect.y, x2: a.rect.x + a.rect.width, y2: a.rect.y + a.rect.height };
    case 'bookmark':
      return null;
  }
}
