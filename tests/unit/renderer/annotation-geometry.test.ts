/**
 * The annotation tools' geometry (renderer/src/features/annotations/geometry.ts) against pdf.js's
 * own `PageViewport`, the mapping the viewer hands the overlay: points and rectangles go from the
 * screen to PDF user space and back at every rotation, a selection's rectangles become one quad
 * per line in /QuadPoints order, and the eraser touches a stroke by its edge, not only its centre.
 */
import { PDFDocument } from '@cantoo/pdf-lib';
import { describe, expect, it } from 'vitest';
import {
  boundsToQuad,
  cssPerPoint,
  cssRectToPdf,
  eraserTouches,
  type PageMapping,
  pdfBoundsToCss,
  quadBounds,
  quadsFromRects,
  simplifyStroke,
  translateAnnotation,
} from '../../../renderer/src/features/annotations/geometry';

type Viewport = {
  convertToViewportPoint(x: number, y: number): number[];
  convertToPdfPoint(x: number, y: number): number[];
  width: number;
  height: number;
};

type ViewportClass = new (params: {
  viewBox: number[];
  userUnit: number;
  scale: number;
  rotation: number;
}) => Viewport;

let viewportClass: Promise<ViewportClass> | null = null;

/** pdf.js's `PageViewport` (not exported by the package: taken from a page of a one-page PDF). */
function pdfjsViewport(): Promise<ViewportClass> {
  viewportClass ??= (async () => {
    const pdfjs = await import('pdfjs-dist/legacy/build/pdf.mjs');
    const made = await PDFDocument.create();
    made.addPage([100, 100]);
    const doc = await pdfjs.getDocument({ data: await made.save(), verbosity: 0 }).promise;
    const page = await doc.getPage(1);
    return page.getViewport({ scale: 1 }).constructor as ViewportClass;
  })();
  return viewportClass;
}

/** A 600 × 800 pt page whose media box starts at (10, 20), shown at `scale`, turned `rotation`. */
async function mapping(scale: number, rotation: number): Promise<PageMapping & { viewport: Viewport }> {
  const PageViewport = await pdfjsViewport();
  const viewport = new PageViewport({ viewBox: [10, 20, 610, 820], userUnit: 1, scale, rotation });
  return {
    viewport,
    toCss: (x, y) => viewport.convertToViewportPoint(x, y) as [number, number],
    toPdf: (x, y) => viewport.convertToPdfPoint(x, y) as [number, number],
  };
}

const close = (a: number, b: number, within = 1e-6): void =>
  expect(Math.abs(a - b)).toBeLessThanOrEqual(within);

describe.each([0, 90, 180, 270])('at rotation %i', (rotation) => {
  it('maps points both ways, and the PDF origin corner lands where the rotation puts it', async () => {
    const map = await mapping(1.5, rotation);
    for (const [x, y] of [
      [10, 20],
      [300, 400],
      [610, 820],
      [123.4, 765.4],
    ] as const) {
      const [cx, cy] = map.toCss(x, y);
      const [px, py] = map.toPdf(cx, cy);
      close(px, x);
      close(py, y);
    }
    // The page's bottom-left corner (x1, y1) is at the screen's bottom left when upright,
    // top left at 90°, top right at 180°, bottom right at 270°.
    const [cx, cy] = map.toCss(10, 20);
    const { width, height } = map.viewport;
    const expected = { 0: [0, height], 90: [0, 0], 180: [width, 0], 270: [width, height] }[
      rotation
    ] as number[];
    close(cx, expected[0] as number);
    close(cy, expected[1] as number);
    close(cssPerPoint(map), 1.5);
  });

  it('turns a screen rectangle into PDF bounds and back', async () => {
    const map = await mapping(2, rotation);
    const bounds = { x1: 100, y1: 500, x2: 260, y2: 514 };
    const css = pdfBoundsToCss(bounds, map);
    // Axis-aligned whatever the quarter turn: its sides are the text's height and length, scaled.
    const long = rotation % 180 === 0 ? css.width : css.height;
    const short = rotation % 180 === 0 ? css.height : css.width;
    close(long, 320);
    close(short, 28);
    const back = cssRectToPdf(css, map);
    close(back.x1, 100);
    close(back.y1, 500);
    close(back.x2, 260);
    close(back.y2, 514);
  });

  it('makes one quad per line from a selection’s rectangles, top left first as the text reads', async () => {
    const map = await mapping(1.25, rotation);
    // Two words and a repeat on the first line, one piece on the second, an empty rectangle.
    const line1 = [
      { x1: 72, y1: 700, x2: 130, y2: 712 },
      { x1: 131, y1: 700, x2: 200, y2: 712 },
      { x1: 131, y1: 700, x2: 200, y2: 712 },
    ];
    const line2 = [{ x1: 72, y1: 684, x2: 150, y2: 696 }];
    const rects = [...line1, ...line2].map((b) => pdfBoundsToCss(b, map));
    rects.push({ left: 50, top: 50, width: 0, height: 12 });
    const quads = quadsFromRects(rects, map);
    expect(quads).toHaveLength(2);
    expect(quads[0]).toEqual([72, 712, 200, 712, 72, 700, 200, 700]);
    expect(quads[1]).toEqual([72, 696, 150, 696, 72, 684, 150, 684]);
    expect(quadBounds(quads[1] as never)).toEqual({ x1: 72, y1: 684, x2: 150, y2: 696 });
  });
});

describe('quads', () => {
  it('keeps lines that are close but do not share their height apart', async () => {
    const map = await mapping(1, 0);
    const quads = quadsFromRects(
      [
        { x1: 72, y1: 700, x2: 130, y2: 712 },
        { x1: 72, y1: 690, x2: 130, y2: 702 },
      ].map((b) => pdfBoundsToCss(b, map)),
      map,
    );
    expect(quads).toHaveLength(2);
  });

  it('keeps columns apart on one line when the gap is wide', async () => {
    const map = await mapping(1, 0);
    const quads = quadsFromRects(
      [
        { x1: 72, y1: 700, x2: 130, y2: 712 },
        { x1: 330, y1: 700, x2: 400, y2: 712 },
      ].map((b) => pdfBoundsToCss(b, map)),
      map,
    );
    expect(quads).toHaveLength(2);
    expect(boundsToQuad({ x1: 1, y1: 2, x2: 3, y2: 4 })).toEqual([1, 4, 3, 4, 1, 2, 3, 2]);
  });
});

describe('eraser hit test', () => {
  const stroke = [
    { x: 100, y: 100 },
    { x: 200, y: 100 },
    { x: 200, y: 200 },
  ];

  it('touches a stroke within its radius plus half the line width, along segments and at corners', () => {
    expect(eraserTouches(stroke, 2, { x: 150, y: 104 }, 3)).toBe(true);
    expect(eraserTouches(stroke, 2, { x: 150, y: 105 }, 3)).toBe(false);
    expect(eraserTouches(stroke, 10, { x: 150, y: 107 }, 3)).toBe(true);
    expect(eraserTouches(stroke, 2, { x: 203.9, y: 150 }, 3)).toBe(true);
    // Beyond the end of a segment the distance is to its end point, not to the infinite line.
    expect(eraserTouches(stroke, 2, { x: 90, y: 100 }, 3)).toBe(false);
    expect(eraserTouches(stroke, 2, { x: 97, y: 100 }, 3)).toBe(true);
    expect(eraserTouches(stroke, 2, { x: 150, y: 150 }, 3)).toBe(false);
  });

  it('touches a one-point stroke (a dot) by distance', () => {
    expect(eraserTouches([{ x: 10, y: 10 }], 4, { x: 14, y: 10 }, 2)).toBe(true);
    expect(eraserTouches([{ x: 10, y: 10 }], 4, { x: 14.1, y: 10 }, 2)).toBe(false);
  });
});

describe('strokes and moves', () => {
  it('thins a stroke but keeps its first and last points', () => {
    const points = Array.from({ length: 101 }, (_, i) => ({ x: i * 0.1, y: 0 }));
    const thin = simplifyStroke(points, 1);
    expect(thin[0]).toEqual({ x: 0, y: 0 });
    expect(thin[thin.length - 1]).toEqual({ x: 10, y: 0 });
    expect(thin.length).toBeLessThanOrEqual(12);
  });

  it('moves every kind by the same offset, and leaves a bookmark where it is', () => {
    const common = {
      id: 'ann-000001',
      page: 1,
      authorId: 'person-1',
      authorName: 'A',
      createdAt: '2026-01-01T00:00:00.000Z',
      updatedAt: '2026-01-01T00:00:00.000Z',
    };
    const moved = translateAnnotation(
      { ...common, kind: 'highlight', quads: [[1, 4, 3, 4, 1, 2, 3, 2]], quotedText: 'x', color: '#ffd400' },
      10,
      -5,
    );
    expect(moved.kind === 'highlight' && moved.quads[0]).toEqual([11, -1, 13, -1, 11, -3, 13, -3]);
    const box = translateAnnotation(
      {
        ...common,
        kind: 'textbox',
        rect: { x: 1, y: 2, width: 3, height: 4 },
        text: '',
        fontSize: 12,
        color: '#000000',
      },
      1,
      1,
    );
    expect(box.kind === 'textbox' && box.rect).toEqual({ x: 2, y: 3, width: 3, height: 4 });
    const mark = { ...common, kind: 'bookmark' as const, label: 'x' };
    expect(translateAnnotation(mark, 5, 5)).toBe(mark);
  });
});
