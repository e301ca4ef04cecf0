import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import {
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
  it('writes one Y.Map per annotation under "annotations" and reads it back', () => {
    const doc = new Y.Doc();
    writeAnnotation(doc, note('ann-n-0001'), newMap);
    const entry = doc.getMap(ANNOTATIONS_MAP).get('ann-n-0001');
    expect(entry).toBeInstanceOf(Y.Map);
    expect((entry as Y.Map<unknown>).get('text')).toBe('Đồng ý thông qua');
    expect(readAnnotationLayer(doc)).toEqual([note('ann-n-0001')]);
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
