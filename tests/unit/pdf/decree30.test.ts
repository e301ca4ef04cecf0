import { beforeAll, describe, expect, it } from 'vitest';
import {
  decree30Writer,
  drawHeader,
  drawSignature,
  finishPages,
  type HeaderSpec,
  MOTTO,
  NATIONAL_NAME,
  type SignatureSpec,
} from '../../../sync-server/pdf/decree30';
import { embedFonts } from '../../../sync-server/pdf/fonts';
import type { PageWriter } from '../../../sync-server/pdf/page-writer';
import { createPdf, savePdf } from '../../../sync-server/pdf/pdf-document';
import { viDate, viDateOf } from '../../../sync-server/pdf/vi-date';
import { find, findLine, linesOf, type PlacedText, readPages } from './pdf-text';

const MINUTES_HEADER: HeaderSpec = {
  governing: ['UBND TỈNH THÁI NGUYÊN'],
  issuer: ['VĂN PHÒNG UBND TỈNH'],
  number: 'Số: 07/BB-UBND',
  kindTitle: 'BIÊN BẢN',
  subject: ['Phiên họp thường kỳ tháng 11 năm 2026'],
};

const MINUTES_SIGNATURE: SignatureSpec = {
  left: { titles: ['THƯ KÝ'], name: 'Nguyễn Thị Thu Hằng' },
  right: { titles: ['CHỦ TỌA'], name: 'Lương Quốc Khánh' },
  recipients: ['Thành viên UBND tỉnh', 'Lưu: VT, Hồ sơ'],
};

async function render(write: (w: PageWriter) => void): Promise<{ pages: PlacedText[][]; w: PageWriter }> {
  const doc = await createPdf();
  const w = decree30Writer(doc, await embedFonts(doc));
  w.newPage();
  write(w);
  const bytes = await savePdf(doc, { title: 'test', creator: 'test', date: new Date(0) });
  return { pages: await readPages(bytes), w };
}

const centre = (t: PlacedText) => t.x + t.width / 2;

describe('Decree 30 header', () => {
  let page: PlacedText[];
  let w: PageWriter;

  beforeAll(async () => {
    const out = await render((writer) =>
      drawHeader(writer, { ...MINUTES_HEADER, placeDate: 'Thái Nguyên, ngày 26 tháng 11 năm 2026' }),
    );
    page = out.pages[0] ?? [];
    w = out.w;
  });

  it('puts the governing and issuing bodies and the number in the left column', () => {
    const split = w.left + w.textWidth * 0.4;
    for (const text of ['UBND TỈNH THÁI NGUYÊN', 'VĂN PHÒNG UBND TỈNH', 'Số: 07/BB-UBND']) {
      const item = find(page, text);
      expect(item.x, text).toBeGreaterThanOrEqual(w.left - 0.01);
      expect(item.x + item.width, text).toBeLessThanOrEqual(split);
    }
    // The three share one centre line, top to bottom.
    const [governing, issuer, number] = ['UBND TỈNH', 'VĂN PHÒNG', 'Số:'].map((t) => find(page, t));
    expect(centre(issuer as PlacedText)).toBeCloseTo(centre(governing as PlacedText), 0);
    expect(centre(number as PlacedText)).toBeCloseTo(centre(governing as PlacedText), 0);
    expect(governing?.y).toBeGreaterThan(issuer?.y ?? 0);
    expect(issuer?.y).toBeGreaterThan(number?.y ?? 0);
  });

  it('puts the national name, the motto and the place-date in the right column', () => {
    const split = w.left + w.textWidth * 0.4;
    const name = find(page, NATIONAL_NAME);
    const motto = find(page, MOTTO);
    const placeDate = find(page, 'Thái Nguyên, ngày 26 tháng 11 năm 2026');
    for (const item of [name, motto, placeDate]) {
      expect(item.x, item.str).toBeGreaterThan(split);
      expect(item.x + item.width, item.str).toBeLessThanOrEqual(w.left + w.textWidth + 0.01);
    }
    expect(centre(motto)).toBeCloseTo(centre(name), 0);
    expect(name.y).toBeGreaterThan(motto.y);
    // Both at the top of the page, level with the bodies on the left.
    expect(name.y).toBeCloseTo(find(page, 'UBND TỈNH THÁI NGUYÊN').y, 0);
    // Number and place-date share a baseline.
    expect(placeDate.y).toBeCloseTo(find(page, 'Số: 07/BB-UBND').y, 1);
  });

  it('centres the title and the meeting name under the header and leaves the cursor below', () => {
    const title = find(page, 'BIÊN BẢN');
    const subject = find(page, 'Phiên họp thường kỳ tháng 11 năm 2026');
    const middle = w.left + w.textWidth / 2;
    expect(centre(title)).toBeCloseTo(middle, 0);
    expect(centre(subject)).toBeCloseTo(middle, 0);
    expect(title.y).toBeLessThan(find(page, 'Số: 07/BB-UBND').y);
    expect(subject.y).toBeLessThan(title.y);
    expect(w.y).toBeLessThan(subject.y);
  });

  it('has no place-date line when the document has none (Biên bản, form 1.9)', async () => {
    const { pages } = await render((writer) => drawHeader(writer, MINUTES_HEADER));
    expect(pages[0]?.some((i) => i.str.includes('ngày'))).toBe(false);
  });

  it('refuses a left-column line too wide for it', async () => {
    await expect(
      render((writer) =>
        drawHeader(writer, { ...MINUTES_HEADER, issuer: ['SỞ NÔNG NGHIỆP VÀ MÔI TRƯỜNG TỈNH THÁI NGUYÊN'] }),
      ),
    ).rejects.toThrow(/too wide/);
  });
});

describe('Decree 30 signature block', () => {
  it('puts THƯ KÝ on the left and CHỦ TỌA on the right, names under them, Nơi nhận below', async () => {
    const { pages, w } = await render((writer) => {
      writer.paragraph('Cuộc họp kết thúc vào 11 giờ 30 phút cùng ngày./.');
      drawSignature(writer, MINUTES_SIGNATURE);
    });
    const page = pages[0] ?? [];
    const middle = w.left + w.textWidth / 2;
    const secretary = find(page, 'THƯ KÝ');
    const chair = find(page, 'CHỦ TỌA');
    const secretaryName = find(page, 'Nguyễn Thị Thu Hằng');
    const chairName = find(page, 'Lương Quốc Khánh');
    expect(secretary.x + secretary.width).toBeLessThan(middle);
    expect(chair.x).toBeGreaterThan(middle);
    expect(secretary.y).toBeCloseTo(chair.y, 1);
    expect(secretaryName.y).toBeCloseTo(chairName.y, 1);
    // Room for the signature between the title and the name, each name centred under its title.
    expect(secretary.y - secretaryName.y).toBeGreaterThan(60);
    expect(centre(secretaryName)).toBeCloseTo(centre(secretary), 0);
    expect(centre(chairName)).toBeCloseTo(centre(chair), 0);
    // With two signers, "Nơi nhận:" comes below both, at the left margin.
    const recipients = find(page, 'Nơi nhận:');
    expect(recipients.x).toBeCloseTo(w.left, 1);
    expect(recipients.y).toBeLessThan(secretaryName.y);
    const lines = linesOf(page).map((l) => l.text);
    expect(lines).toContain('- Thành viên UBND tỉnh;');
    expect(lines).toContain('- Lưu: VT, Hồ sơ.');
    expect(w.y).toBeLessThan(find(page, 'Lưu: VT').y);
  });

  it('with one signer, sets "Nơi nhận:" beside it at the left', async () => {
    const { pages, w } = await render((writer) =>
      drawSignature(writer, {
        right: { titles: ['KT. GIÁM ĐỐC', 'PHÓ GIÁM ĐỐC'], name: 'Nguyễn Hữu Lộc' },
        recipients: ['Như trên', 'Lưu: VT, ĐT'],
      }),
    );
    const page = pages[0] ?? [];
    const authority = find(page, 'KT. GIÁM ĐỐC');
    const recipients = find(page, 'Nơi nhận:');
    expect(recipients.x).toBeCloseTo(w.left, 1);
    expect(authority.x).toBeGreaterThan(w.left + w.textWidth / 2);
    expect(Math.abs(recipients.y - authority.y)).toBeLessThan(14);
    expect(find(page, 'PHÓ GIÁM ĐỐC').y).toBeLessThan(authority.y);
  });

  it('moves the whole block to a new page rather than splitting it', async () => {
    const { pages, w } = await render((writer) => {
      writer.y = writer.margin.bottom + 60;
      drawSignature(writer, MINUTES_SIGNATURE);
    });
    expect(w.pages).toHaveLength(2);
    expect(pages[0]).toHaveLength(0);
    const page = pages[1] ?? [];
    for (const text of ['THƯ KÝ', 'CHỦ TỌA', 'Lương Quốc Khánh', 'Nơi nhận:', 'Lưu: VT, Hồ sơ.']) {
      expect(find(page, text).y).toBeGreaterThan(w.margin.bottom);
    }
  });
});

describe('finishPages', () => {
  it('numbers pages from 2 and marks later pages of a classified document', async () => {
    const { pages } = await render((writer) => {
      writer.paragraph('Trang một');
      writer.newPage();
      writer.paragraph('Trang hai');
      finishPages(writer, { secret: true });
    });
    const strings = (n: number) => pages[n]?.map((i) => i.str.trim()) ?? [];
    expect(strings(0)).not.toContain('1');
    expect(strings(0)).not.toContain('MẬT');
    expect(strings(1)).toContain('2');
    expect(strings(1)).toContain('MẬT');
  });
});

describe('viDate', () => {
  it('writes days below 10 and the months 1 and 2 with a leading zero', () => {
    expect(viDateOf(2026, 3, 5).text).toBe('ngày 05 tháng 3 năm 2026');
    expect(viDateOf(2026, 2, 9).text).toBe('ngày 09 tháng 02 năm 2026');
    expect(viDateOf(2026, 1, 15).text).toBe('ngày 15 tháng 01 năm 2026');
    expect(viDateOf(2026, 12, 31).text).toBe('ngày 31 tháng 12 năm 2026');
    expect(viDate('2026-11-20T09:00:00+07:00')).toEqual({
      day: '20',
      month: '11',
      year: '2026',
      text: 'ngày 20 tháng 11 năm 2026',
    });
    expect(() => viDate('20/11/2026')).toThrow(RangeError);
  });
});

it('keeps the header lines readable as whole lines of text', async () => {
  const { pages } = await render((writer) => drawHeader(writer, MINUTES_HEADER));
  const lines = linesOf(pages[0] ?? []);
  expect(findLine(lines, NATIONAL_NAME).text).toContain(NATIONAL_NAME);
  expect(findLine(lines, MOTTO).text).toContain(MOTTO);
});
