import { degrees, PDFDocument } from '@cantoo/pdf-lib';
import { describe, expect, it } from 'vitest';
import { ANNOTATION_LIMITS, type Annotation, AnnotationSchema } from '#common/schemas/annotation';
import {
  AnnotationExportError,
  writeAnnotatedPdf,
} from '../../../sync-server/pdf/annotations/write-annotations';
import { notesListPdf } from '../../../sync-server/pdf/annotations/notes-list-pdf';
import { darkBounds, popplerDrawnText, readAnnotations, renderGray } from './pdf-annotations';
import { readPages } from './pdf-text';

const T0 = '2026-11-20T02:00:00.000Z';
const T1 = '2026-11-20T03:30:00.000Z';
const author = { authorId: 'delegate-an', authorName: 'Nguyễn Thị Ánh', createdAt: T0, updatedAt: T1 };

/** Two blank A4 pages; the second is shown turned a quarter clockwise (/Rotate 90). */
async function blankPdf(): Promise<Uint8Array> {
  const doc = await PDFDocument.create({ updateMetadata: false });
  doc.addPage([595, 842]);
  doc.addPage([595, 842]).setRotation(degrees(90));
  return doc.save();
}

const annotations: Annotation[] = [
  {
    ...author,
    id: 'ann-highlight-1',
    kind: 'highlight',
    page: 1,
    quads: [[72, 720, 300, 720, 72, 706, 300, 706]],
    quotedText: 'Nghị quyết về ngân sách',
    color: '#ffd400',
  },
  {
    ...author,
    id: 'ann-ink-1',
    kind: 'ink',
    page: 1,
    paths: [
      [
        { x: 100, y: 500 },
        { x: 150, y: 550 },
        { x: 200, y: 500 },
      ],
      [{ x: 250, y: 500 }],
    ],
    color: '#e0242a',
    width: 2,
  },
  {
    ...author,
    id: 'ann-note-1',
    kind: 'note',
    page: 1,
    at: { x: 500, y: 800 },
    text: 'Đề nghị làm rõ nguồn vốn',
    color: '#ffd400',
  },
  {
    ...author,
    id: 'ann-textbox-1',
    kind: 'textbox',
    page: 1,
    rect: { x: 72, y: 300, width: 300, height: 40 },
    text: 'Đồng ý thông qua',
    fontSize: 14,
    color: '#000000',
  },
  {
    ...author,
    id: 'ann-textbox-2',
    kind: 'textbox',
    page: 2,
    // On the turned page the reader sees this 40 × 300 box as 300 wide and 40 high.
    rect: { x: 300, y: 200, width: 40, height: 300 },
    text: 'Nghị quyết về ngân sách',
    fontSize: 16,
    color: '#000000',
  },
  { ...author, id: 'ann-bookmark-1', kind: 'bookmark', page: 2, label: 'Phụ lục ngân sách' },
  // Page 9 is not in this version: left out, not an error.
  { ...author, id: 'ann-bookmark-9', kind: 'bookmark', page: 9, label: 'Trang không có' },
];

describe('writeAnnotatedPdf', () => {
  it('writes real annotations that PDF.js lists with their id, author, contents and drawn text', async () => {
    const out = await writeAnnotatedPdf(await blankPdf(), annotations, new Date(T1));
    expect(out).toMatchObject({ written: 6, skipped: 1 });
    const { annotations: read, outline } = await readAnnotations(out.bytes);
    expect(read.map((a) => [a.page, a.subtype, a.name])).toEqual([
      [1, 'Highlight', 'ann-highlight-1'],
      [1, 'Ink', 'ann-ink-1'],
      [1, 'Text', 'ann-note-1'],
      [1, 'FreeText', 'ann-textbox-1'],
      [2, 'FreeText', 'ann-textbox-2'],
    ]);
    for (const a of read) {
      expect(a.author).toBe('Nguyễn Thị Ánh');
      expect(a.hasAppearance).toBe(true);
    }
    const byName = new Map(read.map((a) => [a.name, a]));
    expect(byName.get('ann-note-1')?.contents).toBe('Đề nghị làm rõ nguồn vốn');
    expect(byName.get('ann-highlight-1')?.contents).toBe('Nghị quyết về ngân sách');
    // Text PDF.js reads out of our own appearance stream: the embedded font maps back to every diacritic.
    expect(byName.get('ann-textbox-1')?.textContent?.join(' ').normalize('NFC')).toBe('Đồng ý thông qua');
    expect(byName.get('ann-textbox-2')?.textContent?.join(' ').normalize('NFC')).toBe(
      'Nghị quyết về ngân sách',
    );
    expect(byName.get('ann-textbox-1')?.rect).toEqual([72, 300, 372, 340]);
    expect(outline).toEqual(['Phụ lục ngân sách']);
  }, 60_000);

  it('poppler draws the free text with every Vietnamese letter, upright on a turned page', async () => {
    const out = await writeAnnotatedPdf(await blankPdf(), annotations, new Date(T1));
    const drawn = popplerDrawnText(out.bytes);
    expect(drawn).toContain('Đồng ý thông qua');
    expect(drawn).toContain('Nghị quyết về ngân sách');
    // Page 2 is blank but for the text box: the ink poppler draws runs across the page as shown
    // (a line of text wider than tall), not down it, as it would if drawn unturned.
    const page2 = renderGray(out.bytes, 2);
    expect(page2.width).toBeGreaterThan(page2.height);
    const ink = darkBounds(page2);
    expect(ink).not.toBeNull();
    if (!ink) return;
    expect(ink.x1 - ink.x0).toBeGreaterThan(3 * (ink.y1 - ink.y0));
    // The highlight, ink and note are drawn on page 1 too (not only listed).
    expect(darkBounds(renderGray(out.bytes, 1))?.count ?? 0).toBeGreaterThan(200);
  }, 60_000);

  it('keeps the document’s own outline and adds the bookmarks after it', async () => {
    const first = await writeAnnotatedPdf(await blankPdf(), annotations.slice(5, 6), new Date(T1));
    const second = await writeAnnotatedPdf(
      first.bytes,
      [{ ...author, id: 'ann-bookmark-2', kind: 'bookmark', page: 1, label: '' }],
      new Date(T1),
    );
    expect((await readAnnotations(second.bytes)).outline).toEqual(['Phụ lục ngân sách', 'Trang 1']);
  }, 60_000);

  it('refuses an encrypted PDF with a typed error', async () => {
    const doc = await PDFDocument.create({ updateMetadata: false });
    doc.addPage([200, 200]);
    doc.encrypt({ userPassword: '', ownerPassword: 'owner', permissions: {} });
    const bytes = await doc.save();
    await expect(writeAnnotatedPdf(bytes, annotations, new Date(T1))).rejects.toBeInstanceOf(
      AnnotationExportError,
    );
    await expect(writeAnnotatedPdf(new Uint8Array([1, 2, 3]), [], new Date(T1))).rejects.toMatchObject({
      code: 'unreadable',
    });
  }, 60_000);

  it('writes 5,000 annotations in bounded time', async () => {
    const many: Annotation[] = Array.from({ length: 5_000 }, (_, i) => ({
      ...author,
      id: `bulk-${String(i).padStart(5, '0')}`,
      kind: 'textbox',
      page: 1 + (i % 2),
      rect: { x: 50 + (i % 10) * 40, y: 50 + (i % 50) * 14, width: 120, height: 14 },
      text: `Ý kiến số ${i}: đồng ý`,
      fontSize: 9,
      color: '#000000',
    }));
    const started = performance.now();
    const out = await writeAnnotatedPdf(await blankPdf(), many, new Date(T1));
    const ms = performance.now() - started;
    console.log(`5,000 text boxes: ${Math.round(ms)} ms, ${(out.bytes.length / 1024 / 1024).toFixed(1)} MiB`);
    expect(out.written).toBe(5_000);
    expect(ms).toBeLessThan(60_000);
  }, 120_000);

  it('exports annotations at the schema’s bounds (a hostile layer) in bounded time', async () => {
    const long = 'Nghị quyết về ngân sách '.repeat(Math.floor(ANNOTATION_LIMITS.textChars / 24));
    const hostile: Annotation[] = [
      ...Array.from(
        { length: 200 },
        (_, i): Annotation => ({
          ...author,
          id: `long-${String(i).padStart(5, '0')}`,
          kind: 'textbox',
          page: 1,
          rect: { x: 10, y: 10, width: 20, height: 12 },
          text: long,
          fontSize: 4,
          color: '#000000',
        }),
      ),
      ...Array.from(
        { length: 5 },
        (_, i): Annotation => ({
          ...author,
          id: `ink-${String(i).padStart(5, '0')}`,
          kind: 'ink',
          page: 1,
          paths: Array.from(
            { length: ANNOTATION_LIMITS.pointsPerInk / ANNOTATION_LIMITS.pointsPerPath },
            (_, p) =>
              Array.from({ length: ANNOTATION_LIMITS.pointsPerPath }, (_, k) => ({
                x: (k % 500) + p,
                y: (k * 7) % 800,
              })),
          ),
          color: '#e0242a',
          width: 1,
        }),
      ),
    ];
    for (const a of hostile) expect(AnnotationSchema.safeParse(a).success).toBe(true);
    const started = performance.now();
    const out = await writeAnnotatedPdf(await blankPdf(), hostile, new Date(T1));
    const ms = performance.now() - started;
    console.log(`hostile layer (200 full text boxes, 100,000 ink points): ${Math.round(ms)} ms`);
    expect(out.written).toBe(hostile.length);
    expect(ms).toBeLessThan(60_000);
  }, 120_000);
});

describe('notesListPdf', () => {
  it('lists page, kind, text and time in Vietnamese', async () => {
    const bytes = await notesListPdf(
      { documentTitle: 'Tờ trình bảng giá đất', version: 2, readerName: 'Nguyễn Thị Ánh', at: new Date(T1) },
      annotations,
    );
    const text = (await readPages(bytes))
      .flat()
      .map((t) => t.str)
      .join(' ')
      .normalize('NFC');
    for (const expected of [
      'DANH SÁCH GHI CHÚ CỦA TÔI',
      'Tờ trình bảng giá đất',
      'Đồng ý thông qua',
      'Đề nghị làm rõ nguồn vốn',
      'Phụ lục ngân sách',
      'Tô sáng',
      '20/11/2026 10:30',
    ]) {
      expect(text).toContain(expected);
    }
  }, 60_000);
});
