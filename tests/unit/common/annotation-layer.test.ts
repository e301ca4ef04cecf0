import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import {
  ANNOTATION_BASE_KEY,
  ANNOTATIONS_MAP,
  readAnnotationLayer,
  removeAnnotation,
  writeAnnotation,
} from '#common/protocol/annotation-layer';
import { ANNOTATION_LIMITS, type Annotation, AnnotationSchema } from '#common/schemas/annotation';

const base = {
  page: 1,
  authorId: 'delegate-an',
  authorName: 'Nguyễn Thị Ánh',
  createdAt: '2026-11-20T02:00:00.000Z',
  updatedAt: '2026-11-20T02:00:00.000Z',
};

const note = (id: string, text = 'Đồng ý thông qua', createdAt = base.createdAt): Annotation => ({
  ...base,
  createdAt,
  id,
  kind: 'note',
  at: { x: 100, y: 700 },
  text,
  color: '#ffd400',
});

const newMap = () => new Y.Map<unknown>();

/** The same note in another colour. */
const recoloured = (a: Annotation, color: string): Annotation => ({ ...a, color }) as Annotation;

describe('annotation schema', () => {
  it('accepts every kind within its bounds', () => {
    const kinds: Annotation[] = [
      {
        ...base,
        id: 'ann-h-0001',
        kind: 'highlight',
        quads: [[0, 10, 10, 10, 0, 0, 10, 0]],
        quotedText: 'x',
        color: '#ffd400',
      },
      { ...base, id: 'ann-i-0001', kind: 'ink', paths: [[{ x: 1, y: 2 }]], color: '#000000', width: 1 },
      note('ann-n-0001'),
      {
        ...base,
        id: 'ann-t-0001',
        kind: 'textbox',
        rect: { x: 0, y: 0, width: 10, height: 10 },
        text: 'a',
        fontSize: 12,
        color: '#000000',
      },
      { ...base, id: 'ann-b-0001', kind: 'bookmark', label: 'Phụ lục' },
    ];
    for (const k of kinds) expect(AnnotationSchema.safeParse(k).success).toBe(true);
  });

  it('checks every point of an ink annotation’s strokes, at and past each bound', () => {
    const ink = (paths: unknown) => ({
      ...base,
      id: 'ann-i-0100',
      kind: 'ink',
      paths,
      color: '#000000',
      width: 1,
    });
    const max = ANNOTATION_LIMITS.coordinate;
    const good: unknown[] = [
      [[{ x: -max, y: max }]],
      [Array.from({ length: ANNOTATION_LIMITS.pointsPerPath }, (_, i) => ({ x: i / 3, y: 0.5 }))],
      Array.from({ length: ANNOTATION_LIMITS.paths }, () => [{ x: 0, y: 0 }]),
    ];
    for (const paths of good) expect(AnnotationSchema.safeParse(ink(paths)).success).toBe(true);
    const bad: unknown[] = [
      [],
      [[]],
      {},
      'M0 0',
      [[{ x: 0, y: 0 }], 'x'],
      [[null]],
      [[[1, 2]]],
      [[{ x: 1 }]],
      [[{ x: '1', y: 2 }]],
      [[{ x: 1, y: Number.NaN }]],
      [[{ x: Number.POSITIVE_INFINITY, y: 0 }]],
      [[{ x: max + 0.01, y: 0 }]],
      [[{ x: 0, y: -max - 1 }]],
      [[{ x: 0, y: 0, pressure: 1 }]],
      Array.from({ length: ANNOTATION_LIMITS.paths + 1 }, () => [{ x: 0, y: 0 }]),
    ];
    for (const paths of bad)
      expect(AnnotationSchema.safeParse(ink(paths)).success, JSON.stringify(paths)).toBe(false);
  });

  it('refuses what would make an export explode or mis-draw', () => {
    const tooManyPoints = Array.from({ length: ANNOTATION_LIMITS.pointsPerPath + 1 }, () => ({ x: 1, y: 1 }));
    const bad: unknown[] = [
      { ...note('ann-n-0002'), text: 'x'.repeat(ANNOTATION_LIMITS.textChars + 1) },
      { ...base, id: 'ann-i-0002', kind: 'ink', paths: [tooManyPoints], color: '#000000', width: 1 },
      {
        ...base,
        id: 'ann-i-0003',
        kind: 'ink',
        paths: Array.from({ length: 11 }, () => Array.from({ length: 2_000 }, () => ({ x: 1, y: 1 }))),
        color: '#000000',
        width: 1,
      },
      { ...note('ann-n-0003'), at: { x: Number.NaN, y: 0 } },
      { ...note('ann-n-0004'), at: { x: 1e9, y: 0 } },
      { ...note('ann-n-0005'), color: 'red' },
      { ...note('ann-n-0006'), page: 0 },
      { ...note('ann-n-0007'), id: 'bad id with spaces' },
      { ...note('ann-n-0008'), extra: 'not declared' },
      { ...base, id: 'ann-x-0001', kind: 'stamp' },
    ];
    for (const b of bad) expect(AnnotationSchema.safeParse(b).success).toBe(false);
  });
});

describe('annotation layer document', () => {
  it('writes one Y.Map per annotation under "annotations", the annotation whole in its base, and reads it back', () => {
    const doc = new Y.Doc();
    writeAnnotation(doc, note('ann-n-0001'), newMap);
    const entry = doc.getMap(ANNOTATIONS_MAP).get('ann-n-0001');
    expect(entry).toBeInstanceOf(Y.Map);
    expect([...(entry as Y.Map<unknown>).keys()]).toEqual([ANNOTATION_BASE_KEY]);
    expect(JSON.parse((entry as Y.Map<string>).get(ANNOTATION_BASE_KEY) ?? '')).toEqual(note('ann-n-0001'));
    expect(readAnnotationLayer(doc)).toEqual([note('ann-n-0001')]);
  });

  it('writes a change of an existing annotation as the changed fields only, over the base', () => {
    const doc = new Y.Doc();
    writeAnnotation(doc, note('ann-n-0001'), newMap);
    const entry = doc.getMap(ANNOTATIONS_MAP).get('ann-n-0001') as Y.Map<unknown>;
    const base = entry.get(ANNOTATION_BASE_KEY);
    writeAnnotation(doc, recoloured(note('ann-n-0001', 'Sửa lại'), '#e0242a'), newMap);
    expect(doc.getMap(ANNOTATIONS_MAP).get('ann-n-0001')).toBe(entry);
    expect(entry.get(ANNOTATION_BASE_KEY)).toBe(base);
    expect([...entry.keys()].sort()).toEqual([ANNOTATION_BASE_KEY, 'color', 'text']);
    expect(readAnnotationLayer(doc)).toEqual([recoloured(note('ann-n-0001', 'Sửa lại'), '#e0242a')]);
  });

  it('keeps both of two devices’ concurrent changes of different fields of one annotation', () => {
    const laptop = new Y.Doc();
    const tablet = new Y.Doc();
    writeAnnotation(laptop, note('ann-n-0001'), newMap);
    Y.applyUpdate(tablet, Y.encodeStateAsUpdate(laptop));
    writeAnnotation(laptop, note('ann-n-0001', 'Sửa trên máy tính'), newMap);
    writeAnnotation(tablet, recoloured(note('ann-n-0001'), '#e0242a'), newMap);
    Y.applyUpdate(tablet, Y.encodeStateAsUpdate(laptop));
    Y.applyUpdate(laptop, Y.encodeStateAsUpdate(tablet));
    const merged = recoloured(note('ann-n-0001', 'Sửa trên máy tính'), '#e0242a');
    expect(readAnnotationLayer(laptop)).toEqual([merged]);
    expect(readAnnotationLayer(tablet)).toEqual([merged]);
  });

  it('reads and edits an entry written with one map entry per field (before the base)', () => {
    const doc = new Y.Doc();
    const legacy = new Y.Map<unknown>();
    doc.getMap(ANNOTATIONS_MAP).set('ann-n-0001', legacy);
    for (const [key, value] of Object.entries(note('ann-n-0001'))) legacy.set(key, value);
    expect(readAnnotationLayer(doc)).toEqual([note('ann-n-0001')]);
    writeAnnotation(doc, note('ann-n-0001', 'Sửa lại'), newMap);
    expect(doc.getMap(ANNOTATIONS_MAP).get('ann-n-0001')).toBe(legacy);
    expect(legacy.has(ANNOTATION_BASE_KEY)).toBe(false);
    expect(legacy.get('text')).toBe('Sửa lại');
    expect(readAnnotationLayer(doc)).toEqual([note('ann-n-0001', 'Sửa lại')]);
  });

  it('skips an entry whose base is not a JSON object, and writing it again makes it whole', () => {
    const doc = new Y.Doc();
    const root = doc.getMap<unknown>(ANNOTATIONS_MAP);
    for (const [id, base] of [
      ['ann-n-0001', '{not json'],
      ['ann-n-0002', '[1,2]'],
      ['ann-n-0003', 42],
      ['ann-n-0004', JSON.stringify({ ...note('ann-n-0004'), page: 0 })],
    ] as const) {
      const entry = new Y.Map<unknown>();
      root.set(id, entry);
      entry.set(ANNOTATION_BASE_KEY, base);
    }
    writeAnnotation(doc, note('ann-n-0005'), newMap);
    expect(readAnnotationLayer(doc).map((a) => a.id)).toEqual(['ann-n-0005']);
    writeAnnotation(doc, note('ann-n-0001'), newMap);
    expect(readAnnotationLayer(doc).map((a) => a.id)).toEqual(['ann-n-0001', 'ann-n-0005']);
  });

  it('updates only changed fields, drops fields of a former kind, and survives a round trip through Yjs updates', () => {
    const doc = new Y.Doc();
    writeAnnotation(doc, note('ann-n-0001'), newMap);
    const updates: Uint8Array[] = [];
    doc.on('update', (u: Uint8Array) => updates.push(u));
    writeAnnotation(doc, note('ann-n-0001', 'Nghị quyết về ngân sách'), newMap);
    expect(updates).toHaveLength(1);
    writeAnnotation(doc, note('ann-n-0001', 'Nghị quyết về ngân sách'), newMap);
    expect(updates).toHaveLength(1);
    const asBookmark: Annotation = { ...base, id: 'ann-n-0001', kind: 'bookmark', label: 'Trang đầu' };
    writeAnnotation(doc, asBookmark, newMap);
    const copy = new Y.Doc();
    Y.applyUpdate(copy, Y.encodeStateAsUpdate(doc));
    expect(readAnnotationLayer(copy)).toEqual([asBookmark]);
    expect((copy.getMap(ANNOTATIONS_MAP).get('ann-n-0001') as Y.Map<unknown>).has('text')).toBe(false);
  });

  it('skips invalid entries, keeps the valid ones, and never throws', () => {
    const doc = new Y.Doc();
    writeAnnotation(doc, note('ann-n-0002', 'b', '2026-11-20T03:00:00.000Z'), newMap);
    writeAnnotation(doc, note('ann-n-0001', 'a', '2026-11-20T01:00:00.000Z'), newMap);
    const root = doc.getMap<unknown>(ANNOTATIONS_MAP);
    root.set('garbage', 42);
    root.set('ann-n-0003', { ...note('ann-n-0004') });
    const broken = new Y.Map<unknown>();
    root.set('ann-n-0005', broken);
    broken.set('kind', 'note');
    root.set('ann-n-0006', { ...note('ann-n-0006'), text: 'x'.repeat(ANNOTATION_LIMITS.textChars + 1) });
    expect(readAnnotationLayer(doc).map((a) => a.id)).toEqual(['ann-n-0001', 'ann-n-0002']);
    expect(
      readAnnotationLayer({
        getMap: () => {
          throw new Error('boom');
        },
        transact: () => {},
      }),
    ).toEqual([]);
    expect(() => writeAnnotation(doc, { ...note('ann-n-0009'), page: -1 }, newMap)).toThrow();
  });

  it('removes an annotation', () => {
    const doc = new Y.Doc();
    writeAnnotation(doc, note('ann-n-0001'), newMap);
    expect(removeAnnotation(doc, 'ann-n-0001')).toBe(true);
    expect(removeAnnotation(doc, 'ann-n-0001')).toBe(false);
    expect(readAnnotationLayer(doc)).toEqual([]);
  });

  it(`reads at most ${ANNOTATION_LIMITS.perLayer} annotations, the oldest`, () => {
    const doc = new Y.Doc();
    const root = doc.getMap<unknown>(ANNOTATIONS_MAP);
    doc.transact(() => {
      for (let i = 0; i <= ANNOTATION_LIMITS.perLayer; i++) {
        const id = `ann-${String(i).padStart(6, '0')}`;
        root.set(id, note(id, 't', new Date(Date.UTC(2026, 10, 20) + i * 1000).toISOString()));
      }
    });
    const read = readAnnotationLayer(doc);
    expect(read).toHaveLength(ANNOTATION_LIMITS.perLayer);
    expect(read.at(-1)?.id).toBe(`ann-${String(ANNOTATION_LIMITS.perLayer - 1).padStart(6, '0')}`);
  });
});
