import { describe, expect, it } from 'vitest';
import { decree30Writer } from '../../../sync-server/pdf/decree30';
import { embedFonts } from '../../../sync-server/pdf/fonts';
import { createPdf, savePdf } from '../../../sync-server/pdf/pdf-document';
import { drawTable, type TableSpec } from '../../../sync-server/pdf/table';
import { find, readPages } from './pdf-text';

const ROWS = Array.from({ length: 40 }, (_, i) => [
  String(i + 1),
  `Dự án đầu tư xây dựng trường học số ${i + 1} tại xã vùng cao của tỉnh Thái Nguyên`,
  `${(i + 1) * 12},5`,
]);

const SPEC: TableSpec = {
  caption: 'Bảng 1. Danh mục dự án',
  columns: [
    { width: 0.6, align: 'center' },
    { width: 4, align: 'left' },
    { width: 1.2, align: 'right' },
  ],
  header: ['STT', 'Tên dự án', 'Vốn (tỷ đồng)'],
  rows: ROWS,
  size: 12,
};

describe('drawTable', () => {
  it('keeps each cell inside its column and repeats the header on the next page', async () => {
    const doc = await createPdf();
    const w = decree30Writer(doc, await embedFonts(doc));
    w.newPage();
    drawTable(w, SPEC);
    const pages = await readPages(await savePdf(doc, { title: 't', creator: 't', date: new Date(0) }));
    expect(pages.length).toBeGreaterThanOrEqual(2);
    const total = 0.6 + 4 + 1.2;
    const edges = [0, 0.6, 4.6, 5.8].map((e) => w.left + (e / total) * w.textWidth);
    for (const [n, page] of pages.entries()) {
      expect(find(page, 'Tên dự án').y, `header on page ${n + 1}`).toBeGreaterThan(
        w.height - w.margin.top - 60,
      );
      for (const item of page) {
        if (item.str.includes('Bảng 1')) continue;
        const column = edges.findIndex((e, i) => i < 3 && item.x >= e && item.x < (edges[i + 1] ?? 0));
        expect(column, item.str).toBeGreaterThanOrEqual(0);
        expect(item.x + item.width, item.str).toBeLessThanOrEqual((edges[column + 1] ?? 0) + 0.01);
        expect(item.y, item.str).toBeGreaterThan(w.margin.bottom);
      }
    }
    // Right-aligned figures end at the same x.
    const ends = ROWS.slice(0, 5).map(([, , money]) => {
      const item = find(pages[0] ?? [], money ?? '');
      return item.x + item.width;
    });
    for (const end of ends) expect(end).toBeCloseTo(ends[0] ?? 0, 1);
    const all = pages
      .flat()
      .map((i) => i.str)
      .join(' ');
    for (const [, name] of ROWS) expect(all.replace(/\s+/g, ' ')).toContain(name);
  });
});
