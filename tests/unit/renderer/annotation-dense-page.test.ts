/**
 * A dense page (renderer/src/features/annotations/dense-page.ts): thousands of annotations drawn
 * as one path per look must draw every one of them exactly once, in the page's order, leave out
 * the ones singled out (selected, edited, moved, erased) while keeping their look's shape, and a
 * press on a shape must find the topmost annotation under it.
 */
import { describe, expect, it } from 'vitest';
import type { Annotation } from '#common/schemas/annotation';
import {
  type DenseGroup,
  denseGroups,
  denseStrokeWidth,
  denseTransform,
  hitAnnotation,
} from '../../../renderer/src/features/annotations/dense-page';
import { cssPerPoint, type PageMapping } from '../../../renderer/src/features/annotations/geometry';
import { mixedLayer } from '../../integration/helpers/annotations';

/** A US Letter page at 150 %, unrotated: y goes down on screen. */
const SCALE = 1.5;
const map: PageMapping = {
  toCss: (x, y) => [x * SCALE, (792 - y) * SCALE],
  toPdf: (x, y) => [x / SCALE, 792 - y / SCALE],
};

const me = { id: 'delegate01', name: 'Nguyễn Văn An' };
const layer = (n: number) =>
  mixedLayer(n, me, 'dense').map((annotation) => ({ annotation, readOnly: false }));

/** The 192-point square of the page where an annotation's shape starts. */
function squareOf(a: Annotation): string {
  const [x, y] =
    a.kind === 'ink'
      ? [a.paths[0]?.[0]?.x ?? 0, a.paths[0]?.[0]?.y ?? 0]
      : a.kind === 'highlight'
        ? [a.quads[0]?.[0] ?? 0, a.quads[0]?.[1] ?? 0]
        : a.kind === 'note'
          ? [a.at.x, a.at.y]
          : [0, 0];
  return `${Math.floor(x / 192)},${Math.floor(y / 192)}`;
}

/** Where an SVG `matrix(a b c d e f)` transform puts a point. */
function applyTransform(transform: string, x: number, y: number): [number, number] {
  const m = /^matrix\(([^)]*)\)$/.exec(transform);
  const [a = 0, b = 0, c = 0, d = 0, e = 0, f = 0] = (m?.[1] ?? '').split(' ').map(Number);
  return [a * x + c * y + e, b * x + d * y + f];
}

/** A page of `width` × `height` points at `scale`, turned by `rotation` degrees, as pdf.js shows it. */
function mappingOf(width: number, height: number, scale: number, rotation: 0 | 90 | 180 | 270): PageMapping {
  const toCss = (x: number, y: number): [number, number] => {
    switch (rotation) {
      case 0:
        return [x * scale, (height - y) * scale];
      case 90:
        return [y * scale, x * scale];
      case 180:
        return [(width - x) * scale, y * scale];
      default:
        return [(height - y) * scale, (width - x) * scale];
    }
  };
  return { toCss, toPdf: () => [0, 0] };
}

/** How many subpaths (`M` commands) a path has. */
const subpaths = (d: string) => (d.match(/M/g) ?? []).length;

describe('dense page drawing', () => {
  it('draws every stroke, highlight and note once, in one path per look, in order', () => {
    const placed = layer(2_000);
    const groups = denseGroups(placed, () => false);
    const drawn = groups.flatMap((g) => g.members.map((m) => m.annotation.id));
    const expected = placed
      .filter((p) => ['ink', 'highlight', 'note'].includes(p.annotation.kind))
      .map((p) => p.annotation.id);
    expect(drawn.sort()).toEqual([...expected].sort());
    // mixedLayer has one colour per kind (two for notes), over about 3 × 4 squares of 192 points:
    // a few dozen paths for 2,000 annotations.
    expect(groups.length).toBeLessThanOrEqual(5 * 4 * 5);
    // Each path holds the annotations that start in its square (192 points).
    for (const g of groups) {
      const squares = new Set(g.members.map((m) => squareOf(m.annotation)));
      expect(squares.size).toBe(1);
    }
    for (const g of groups) {
      // Members keep the page's order (the last drawn is on top).
      const order = g.members.map((m) => placed.indexOf(m));
      expect(order).toEqual([...order].sort((a, b) => a - b));
      const pieces = g.members.reduce(
        (n, m) =>
          n +
          (m.annotation.kind === 'ink'
            ? m.annotation.paths.length
            : m.annotation.kind === 'highlight'
              ? m.annotation.quads.length
              : 1),
        0,
      );
      expect(subpaths(g.d)).toBe(pieces);
      expect(g.d).not.toMatch(/NaN|undefined/);
    }
  });

  it('places shapes through the page mapping', () => {
    const note: Annotation = {
      id: 'note-000001',
      kind: 'note',
      page: 1,
      authorId: me.id,
      authorName: me.name,
      createdAt: '2026-11-20T02:00:00.000Z',
      updatedAt: '2026-11-20T02:00:00.000Z',
      at: { x: 100, y: 700 },
      text: 'x',
      color: '#4da3ff',
    };
    const [group] = denseGroups([{ annotation: note, readOnly: false }], () => false);
    // The path is in PDF space: the icon's top left corner at (100, 700), 20 points square.
    expect(group?.d).toBe('M100 700L120 700L120 680L100 680Z');
    // The page's transform puts that corner at (150, 138) on screen, the opposite one at (180, 168).
    expect(applyTransform(denseTransform(map), 100, 700)).toEqual([150, 138]);
    expect(applyTransform(denseTransform(map), 120, 680)).toEqual([180, 168]);
  });

  it('draws through the same transform as the page mapping at any zoom and rotation', () => {
    for (const rotation of [0, 90, 180, 270] as const) {
      for (const scale of [0.5, 4 / 3, 2.75]) {
        const mapping = mappingOf(612, 792, scale, rotation);
        const transform = denseTransform(mapping);
        for (const [x, y] of [
          [0, 0],
          [612, 792],
          [100.25, 700.5],
          [33, 411],
        ] as const) {
          const [ex, ey] = mapping.toCss(x, y);
          const [ax, ay] = applyTransform(transform, x, y);
          expect(ax).toBeCloseTo(ex, 6);
          expect(ay).toBeCloseTo(ey, 6);
        }
      }
    }
  });

  it('writes a path once per annotation whatever the zoom, to a hundredth of a point', () => {
    const placed = layer(500);
    const first = denseGroups(placed, () => false);
    const again = denseGroups(placed, () => false);
    expect(again.map((g) => g.d)).toEqual(first.map((g) => g.d));
    const pen: Annotation = {
      id: 'ink-0000001',
      kind: 'ink',
      page: 1,
      authorId: me.id,
      authorName: me.name,
      createdAt: '2026-11-20T02:00:00.000Z',
      updatedAt: '2026-11-20T02:00:00.000Z',
      paths: [
        [
          { x: 10.123456789, y: 20.987654321 },
          { x: 11 / 3, y: 2 / 3 },
        ],
        [{ x: 5, y: 5 }],
      ],
      color: '#e0242a',
      width: 0.5,
    };
    const [ink] = denseGroups([{ annotation: pen, readOnly: false }], () => false) as DenseGroup[];
    expect(ink?.d).toBe('M10.12 20.99L3.67 0.67M5 5l0.01 0');
    // Half a point is 0.75 CSS px at 150 %: drawn 1 px wide; at 400 % it is 2.67 px, its own width.
    if (!ink) throw new Error('one group');
    expect(denseStrokeWidth(ink, cssPerPoint(map)) * SCALE).toBeCloseTo(1, 6);
    expect(denseStrokeWidth(ink, cssPerPoint(mappingOf(612, 792, 4 * (96 / 72), 0)))).toBe(0.5);
  });

  it('leaves out the singled-out ones but keeps their look, and splits own from read-only', () => {
    const placed = layer(300);
    const ink = placed.filter((p) => p.annotation.kind === 'ink');
    const alone = new Set(ink.map((p) => p.annotation.id));
    const groups = denseGroups(placed, (p) => alone.has(p.annotation.id));
    const inkGroups = groups.filter((g) => g.kind === 'ink');
    // Their paths stay (empty), so one being moved keeps the path it was pressed on.
    expect(inkGroups.length).toBeGreaterThan(0);
    for (const g of inkGroups) {
      expect(g.members).toEqual([]);
      expect(g.d).toBe('');
    }
    expect(groups.filter((g) => g.kind !== 'ink').every((g) => g.members.length > 0)).toBe(true);

    const theirs = placed.map((p) => ({ ...p, readOnly: true, authorColor: '#123456' }));
    const mixed = denseGroups([...placed, ...theirs], () => false);
    const readOnly = mixed.filter((g) => g.readOnly);
    expect(readOnly.length).toBeGreaterThan(0);
    for (const g of readOnly) {
      expect(g.color).toBe('#123456');
      expect(g.members.every((m) => m.readOnly)).toBe(true);
    }
  });

  it('finds the topmost annotation under a press, and none beside them', () => {
    const placed = layer(400);
    const first = placed[0]?.annotation;
    if (first?.kind !== 'ink') throw new Error('the layer starts with ink');
    const on = first.paths[0]?.[5];
    if (!on) throw new Error('a stroke has points');
    const hit = hitAnnotation(placed, on, 1);
    // Several strokes of the layer lie there (the pattern repeats every 25 × 35 positions): the
    // last drawn of them is on top.
    const under = placed.filter((p) => p.annotation.kind === 'ink' && hitAnnotation([p], on, 1) !== null);
    expect(under.length).toBeGreaterThan(0);
    expect(hit).toBe(under[under.length - 1]);

    const note = placed.find((p) => p.annotation.kind === 'note');
    if (note?.annotation.kind !== 'note') throw new Error('the layer has notes');
    const inside = { x: note.annotation.at.x + 5, y: note.annotation.at.y - 5 };
    expect(hitAnnotation([note], inside, 0)).toBe(note);
    expect(hitAnnotation([note], { x: note.annotation.at.x - 10, y: inside.y }, 1)).toBeNull();
    // Far from everything on the page.
    expect(hitAnnotation(placed, { x: 5, y: 5 }, 1)).toBeNull();
  });
});
