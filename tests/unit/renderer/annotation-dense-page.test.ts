/**
 * A dense page (renderer/src/features/annotations/dense-page.ts): thousands of annotations drawn
 * as one path per look must draw every one of them exactly once, in the page's order, leave out
 * the ones singled out (selected, edited, moved, erased) while keeping their look's shape, and a
 * press on a shape must find the topmost annotation under it.
 */
import { describe, expect, it } from 'vitest';
import type { Annotation } from '#common/schemas/annotation';
import { denseGroups, hitAnnotation } from '../../../renderer/src/features/annotations/dense-page';
import type { PageMapping } from '../../../renderer/src/features/annotations/geometry';
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

/** The 256-px square of the screen where an annotation's shape starts. */
function squareOf(a: Annotation): string {
  const [x, y] =
    a.kind === 'ink'
      ? map.toCss(a.paths[0]?.[0]?.x ?? 0, a.paths[0]?.[0]?.y ?? 0)
      : a.kind === 'highlight'
        ? map.toCss(a.quads[0]?.[0] ?? 0, a.quads[0]?.[1] ?? 0)
        : a.kind === 'note'
          ? map.toCss(a.at.x, a.at.y)
          : [0, 0];
  return `${Math.floor(x / 256)},${Math.floor(y / 256)}`;
}

/** How many subpaths (`M` commands) a path has. */
const subpaths = (d: string) => (d.match(/M/g) ?? []).length;

describe('dense page drawing', () => {
  it('draws every stroke, highlight and note once, in one path per look, in order', () => {
    const placed = layer(2_000);
    const groups = denseGroups(placed, map, () => false);
    const drawn = groups.flatMap((g) => g.members.map((m) => m.annotation.id));
    const expected = placed
      .filter((p) => ['ink', 'highlight', 'note'].includes(p.annotation.kind))
      .map((p) => p.annotation.id);
    expect(drawn.sort()).toEqual([...expected].sort());
    // mixedLayer has one colour per kind (two for notes), over about 3 × 4 squares of 256 px:
    // a few dozen paths for 2,000 annotations.
    expect(groups.length).toBeLessThanOrEqual(5 * 4 * 5);
    // Each path holds the annotations that start in its square (256 CSS px).
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
    const [group] = denseGroups([{ annotation: note, readOnly: false }], map, () => false);
    // The icon's top left corner is at (100, 700) in PDF space: (150, 138) on screen.
    expect(group?.d.startsWith('M150.00 138.00L180.00 138.00L180.00 168.00L150.00 168.00Z')).toBe(true);
  });

  it('leaves out the singled-out ones but keeps their look, and splits own from read-only', () => {
    const placed = layer(300);
    const ink = placed.filter((p) => p.annotation.kind === 'ink');
    const alone = new Set(ink.map((p) => p.annotation.id));
    const groups = denseGroups(placed, map, (p) => alone.has(p.annotation.id));
    const inkGroups = groups.filter((g) => g.kind === 'ink');
    // Their paths stay (empty), so one being moved keeps the path it was pressed on.
    expect(inkGroups.length).toBeGreaterThan(0);
    for (const g of inkGroups) {
      expect(g.members).toEqual([]);
      expect(g.d).toBe('');
    }
    expect(groups.filter((g) => g.kind !== 'ink').every((g) => g.members.length > 0)).toBe(true);

    const theirs = placed.map((p) => ({ ...p, readOnly: true, authorColor: '#123456' }));
    const mixed = denseGroups([...placed, ...theirs], map, () => false);
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
