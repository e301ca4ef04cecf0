import { PDFDocument } from '@cantoo/pdf-lib';
import { beforeAll, describe, expect, it } from 'vitest';
import { embedFonts, type FontSet } from '../../../sync-server/pdf/fonts';
import { breakLines, type Line, lineText, spaceAfter } from '../../../sync-server/pdf/line-break';
import type { Run } from '../../../sync-server/pdf/text-runs';

const TEXT =
  'Tháng 11 năm 2026, tình hình kinh tế thế giới tiếp tục diễn biến phức tạp; giá một số nguyên liệu đầu vào, ' +
  'chi phí logistics và lãi suất có xu hướng tăng trở lại, ảnh hưởng đến hoạt động sản xuất, kinh doanh của ' +
  'doanh nghiệp. Trên địa bàn tỉnh, bộ máy chính quyền địa phương hai cấp vận hành ổn định, thông suốt; ' +
  'kinh tế - xã hội của tỉnh tiếp tục đạt được nhiều kết quả tích cực trong giai đoạn 2026 - 2030.';

let fonts: FontSet;

beforeAll(async () => {
  fonts = await embedFonts(await PDFDocument.create());
});

const words = (text: string) => text.normalize('NFC').split(/\s+/).filter(Boolean);

/** The first word of `line` as it would be measured at the end of `prev`. */
function firstWordWidth(line: Line): number {
  return line.words[0]?.width ?? 0;
}

describe('breakLines', () => {
  it('keeps every line within the width and breaks greedily', () => {
    const size = 12;
    for (const width of [120, 200, 333]) {
      const lines = breakLines(TEXT, fonts, { size, width });
      expect(lines.length).toBeGreaterThan(2);
      lines.forEach((line, i) => {
        expect(line.width).toBeLessThanOrEqual(width + 0.01);
        // The measured width is the width of the text drawn.
        expect(line.width).toBeCloseTo(fonts.width(lineText(line), 'r', size), 6);
        // Greedy: the next line's first word would not have fitted on this one.
        const next = lines[i + 1];
        const last = line.words[line.words.length - 1];
        if (next && last) {
          expect(line.width + spaceAfter(last, fonts, size) + firstWordWidth(next)).toBeGreaterThan(width);
        }
      });
    }
  });

  it('loses no word and changes none, in order', () => {
    const lines = breakLines(TEXT, fonts, { size: 13, width: 150 });
    expect(lines.flatMap((line) => words(lineText(line)))).toEqual(words(TEXT));
  });

  it('normalises decomposed Vietnamese to NFC and measures it as such', () => {
    const decomposed = TEXT.normalize('NFD');
    expect(decomposed).not.toBe(TEXT.normalize('NFC'));
    const lines = breakLines(decomposed, fonts, { size: 12, width: 180 });
    const joined = lines.map(lineText).join(' ');
    expect(joined).toBe(joined.normalize('NFC'));
    expect(joined).toBe(words(TEXT).join(' '));
    const composed = breakLines(TEXT.normalize('NFC'), fonts, { size: 12, width: 180 });
    expect(lines.map((l) => l.width)).toEqual(composed.map((l) => l.width));
  });

  it('breaks only at spaces, never inside a word that fits', () => {
    const lines = breakLines(TEXT, fonts, { size: 12, width: 140 });
    const all = new Set(words(TEXT));
    for (const line of lines) for (const word of words(lineText(line))) expect(all).toContain(word);
  });

  it('cuts a word wider than the line between letters, keeping each letter with its marks', () => {
    // "q̃" has no precomposed form: NFC leaves the mark separate, so only a grapheme-aware cut keeps it.
    const marked = `${'Nghiêngnghiễng'.normalize('NFD')}${'q\u0303'.repeat(12)}`;
    const long = `Mở http://phong-hop-khong-giay.ubnd-thainguyen.example.vn:8443/join ${marked}`;
    const width = 60;
    const lines = breakLines(long, fonts, { size: 10, width });
    for (const line of lines) {
      expect(line.width).toBeLessThanOrEqual(width + 0.01);
      // A piece never starts with a combining mark (a letter split from its diacritic).
      expect(lineText(line)).not.toMatch(/^\p{M}/u);
    }
    expect(lines.map(lineText).join('')).toBe(long.normalize('NFC').replaceAll(' ', ''));
    expect(lines.length).toBeGreaterThan(5);
  });

  it('gives the first line its own width (first-line indent)', () => {
    const lines = breakLines(TEXT, fonts, { size: 12, width: 300, firstWidth: 220 });
    expect(lines[0]?.width).toBeLessThanOrEqual(220 + 0.01);
    expect(lines[1]?.width).toBeGreaterThan(220);
  });

  it('never starts or ends a line with a spaced dash, and never breaks at a no-break space', () => {
    const blank = `Số:${'\u00a0'.repeat(6)}/KH-UBND`;
    const text = `${blank} kinh tế - xã hội giai đoạn 2026 - 2030 - ${'kinh tế - xã hội '.repeat(12)}`;
    // Narrower lines than the blank must cut it: start there.
    for (let width = Math.ceil(fonts.width(blank, 'r', 12)); width < 260; width += 7) {
      for (const line of breakLines(text, fonts, { size: 12, width })) {
        const t = lineText(line);
        expect(t, `width ${width}`).not.toMatch(/^[-–]\s|\s[-–]$/);
        if (t.includes('Số:')) expect(t).toContain(blank);
      }
    }
  });

  it('cuts after maxLines and ends the last line in "…" within the width', () => {
    const lines = breakLines(TEXT, fonts, { size: 12, width: 150, maxLines: 2 });
    expect(lines).toHaveLength(2);
    const last = lines[1];
    if (!last) throw new Error('no line');
    expect(lineText(last).endsWith('…')).toBe(true);
    expect(last.width).toBeLessThanOrEqual(150 + 0.01);
    expect(lineText(lines[0] as Line)).toBe(
      lineText(breakLines(TEXT, fonts, { size: 12, width: 150 })[0] as Line),
    );
  });

  it('keeps a face change inside a word unbroken and measures each face', () => {
    const runs: Run[] = [
      { text: 'Vai trò: ', face: 'r' },
      { text: 'chủ tọa', face: 'b' },
      { text: '(dự kiến)', face: 'i' },
    ];
    const [line] = breakLines(runs, fonts, { size: 12, width: 1000 });
    if (!line) throw new Error('no line');
    expect(lineText(line)).toBe('Vai trò: chủ tọa(dự kiến)');
    const glued = line.words.find((w) => w.runs.some((r) => r.text === 'tọa'));
    expect(glued?.runs).toEqual([
      { text: 'tọa', face: 'b' },
      { text: '(dự', face: 'i' },
    ]);
    const expected =
      fonts.width('Vai trò: ', 'r', 12) + fonts.width('chủ tọa', 'b', 12) + fonts.width('(dự kiến)', 'i', 12);
    expect(line.width).toBeCloseTo(expected, 6);
  });
});
