import { describe, expect, it } from 'vitest';
import { embedFonts } from '../../../sync-server/pdf/fonts';
import { MM, type Margins, PageWriter } from '../../../sync-server/pdf/page-writer';
import { createPdf, savePdf } from '../../../sync-server/pdf/pdf-document';
import { linesOf, readPages } from './pdf-text';

const MARGIN: Margins = { top: 20 * MM, bottom: 20 * MM, left: 30 * MM, right: 15 * MM };
const INDENT = 12.7 * MM;

const PARAGRAPH =
  'Công tác cấp giấy chứng nhận quyền sử dụng đất tiếp tục được đẩy mạnh; 11 tháng cấp 21.460 giấy chứng ' +
  'nhận, đạt 95,4% kế hoạch. Sở Nông nghiệp và Môi trường đã hoàn thiện hồ sơ dự thảo Nghị quyết sửa đổi, ' +
  'bổ sung Bảng giá đất áp dụng từ ngày 01 tháng 01 năm 2027 trình Ủy ban nhân dân tỉnh tại phiên họp này.';

async function render(write: (w: PageWriter) => void): Promise<{ bytes: Uint8Array; w: PageWriter }> {
  const doc = await createPdf();
  const w = new PageWriter(doc, await embedFonts(doc), MARGIN, {
    defaults: { size: 14, align: 'justify', leading: 1.22, indent: INDENT, after: 6 },
  });
  w.newPage();
  write(w);
  const bytes = await savePdf(doc, { title: 'test', creator: 'test', date: new Date(0) });
  return { bytes, w };
}

describe('PageWriter.paragraph', () => {
  it('justifies every line but the last to both margins, with a first-line indent', async () => {
    const { bytes, w } = await render((w) => w.paragraph(PARAGRAPH));
    const [page] = await readPages(bytes);
    const lines = linesOf(page ?? []);
    expect(lines.length).toBeGreaterThanOrEqual(3);
    const right = w.left + w.textWidth;
    lines.forEach((line, i) => {
      const last = i === lines.length - 1;
      expect(line.x0, line.text).toBeCloseTo(w.left + (i === 0 ? INDENT : 0), 1);
      if (!last) expect(line.x1, line.text).toBeCloseTo(right, 0);
      else expect(line.x1, 'the last line is not stretched').toBeLessThan(right - 20);
    });
    expect(lines.map((l) => l.text).join(' ')).toBe(PARAGRAPH);
  });

  it('aligns left, centre and right within the text block', async () => {
    const { bytes, w } = await render((w) => {
      w.paragraph('Bên trái', { align: 'left' });
      w.paragraph('Ở giữa', { align: 'center' });
      w.paragraph('Bên phải', { align: 'right' });
    });
    const lines = linesOf((await readPages(bytes))[0] ?? []);
    const [left, centre, right] = lines;
    expect(left?.text).toBe('Bên trái');
    expect(left?.x0).toBeCloseTo(w.left, 1);
    expect(centre?.text).toBe('Ở giữa');
    expect(((centre?.x0 ?? 0) + (centre?.x1 ?? 0)) / 2).toBeCloseTo(w.left + w.textWidth / 2, 0);
    expect(right?.text).toBe('Bên phải');
    expect(right?.x1).toBeCloseTo(w.left + w.textWidth, 0);
    // Top to bottom in the order written, one line height apart plus the paragraph gap.
    expect((left?.y ?? 0) - (centre?.y ?? 0)).toBeCloseTo(14 * 1.22 + 6, 1);
  });

  it('flows onto a second page, inside the margins, losing nothing', async () => {
    const count = 14;
    const texts = Array.from({ length: count }, (_, i) => `${i + 1}. ${PARAGRAPH}`);
    const { bytes, w } = await render((w) => {
      for (const text of texts) w.paragraph(text);
    });
    const pages = await readPages(bytes);
    expect(w.pages).toHaveLength(2);
    expect(pages).toHaveLength(2);
    const all = pages.map((items) => linesOf(items));
    for (const lines of all) {
      for (const line of lines) {
        expect(line.y, line.text).toBeGreaterThanOrEqual(MARGIN.bottom);
        expect(line.y + 14 * 0.9, line.text).toBeLessThanOrEqual(w.height - MARGIN.top + 0.01);
      }
    }
    // Page 2 starts at the top margin, and the first page is filled to near its foot.
    const [first, second] = all;
    expect((second?.[0]?.y ?? 0) + 14 * 0.9).toBeCloseTo(w.height - MARGIN.top, 0);
    expect(first?.[first.length - 1]?.y).toBeLessThan(MARGIN.bottom + 3 * 14 * 1.22);
    const text = all
      .flat()
      .map((l) => l.text)
      .join(' ');
    expect(text).toBe(texts.join(' '));
  });

  it('never leaves a single line of a paragraph alone at the foot of a page', async () => {
    const { bytes, w } = await render((w) => {
      // Fill the page so that only one more line fits, then start a long paragraph.
      w.y = w.margin.bottom + 14 * 1.22 + 1;
      w.paragraph(PARAGRAPH);
    });
    expect(w.pages).toHaveLength(2);
    const pages = await readPages(bytes);
    expect(pages[0]).toHaveLength(0);
    expect(
      linesOf(pages[1] ?? [])
        .map((l) => l.text)
        .join(' '),
    ).toBe(PARAGRAPH);
  });

  it('never carries a single last line of a paragraph over to the next page', async () => {
    let lineCount = 0;
    const { bytes, w } = await render((w) => {
      const lineHeight = 14 * 1.22;
      lineCount = w.paragraphHeight(PARAGRAPH) / lineHeight;
      // Room for all lines but the last: two lines move to page 2 together.
      w.y = w.margin.bottom + (lineCount - 1) * lineHeight + 1;
      w.paragraph(PARAGRAPH);
    });
    expect(lineCount).toBeGreaterThanOrEqual(3);
    expect(w.pages).toHaveLength(2);
    const [first, second] = (await readPages(bytes)).map((items) => linesOf(items));
    expect(first).toHaveLength(Math.round(lineCount) - 2);
    expect(second).toHaveLength(2);
  });

  it('numbers pages from page 2, centred in the top margin', async () => {
    const { bytes, w } = await render((w) => {
      w.paragraph('Trang một');
      w.newPage();
      w.paragraph('Trang hai');
      w.numberPages(13);
    });
    const [first, second] = await readPages(bytes);
    expect(first?.map((i) => i.str.trim())).not.toContain('1');
    const number = second?.find((i) => i.str.trim() === '2');
    expect(number).toBeDefined();
    expect((number?.x ?? 0) + (number?.width ?? 0) / 2).toBeCloseTo(w.left + w.textWidth / 2, 0);
    expect(number?.y).toBeGreaterThan(w.height - MARGIN.top);
  });

  it('writes text that extracts as NFC Vietnamese, whatever the input normalisation', async () => {
    const { bytes } = await render((w) => w.paragraph(PARAGRAPH.normalize('NFD')));
    const text = linesOf((await readPages(bytes))[0] ?? [])
      .map((l) => l.text)
      .join(' ');
    expect(text).toBe(PARAGRAPH.normalize('NFC'));
  });
});
