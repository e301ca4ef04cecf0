import { describe, expect, it } from 'vitest';
import { foldVietnamese } from '../../../sync-server/common/search/fold';

/** Every Vietnamese vowel with every tone, upper and lower case, and its base letter. */
const VOWELS: Record<string, string> = {
  a: 'aàáảãạăằắẳẵặâầấẩẫậ',
  e: 'eèéẻẽẹêềếểễệ',
  i: 'iìíỉĩị',
  o: 'oòóỏõọôồốổỗộơờớởỡợ',
  u: 'uùúủũụưừứửữự',
  y: 'yỳýỷỹỵ',
};

/** A small deterministic PRNG so failures reproduce. */
function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

const ALPHABET = [
  ...'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 .,;:!?-—"\'()\n\t',
  ...Object.values(VOWELS).join(''),
  ...Object.values(VOWELS).join('').toUpperCase(),
  'đ',
  'Đ',
  'Ð',
  'ß',
  'İ',
  'ﬁ',
  '한',
  '\u0301',
  '\u0302',
  '😀',
  '𝔘',
  '\u00a0',
  '\u0002',
];

function randomText(next: () => number, length: number): string {
  let s = '';
  for (let i = 0; i < length; i++) s += ALPHABET[Math.floor(next() * ALPHABET.length)]!;
  return s;
}

describe('foldVietnamese', () => {
  it('lower-cases and strips Vietnamese diacritics, đ → d', () => {
    expect(foldVietnamese('Biên Bản')).toBe('bien ban');
    expect(foldVietnamese('BIÊN BẢN HỌP')).toBe('bien ban hop');
    expect(foldVietnamese('ĐỒNG ý, đồng Ý')).toBe('dong y, dong y');
    expect(foldVietnamese('Cộng hòa xã hội chủ nghĩa Việt Nam')).toBe('cong hoa xa hoi chu nghia viet nam');
    expect(foldVietnamese('Hội đồng nhân dân tỉnh Thái Nguyên')).toBe('hoi dong nhan dan tinh thai nguyen');
  });

  it('folds every vowel with every tone mark, in both cases', () => {
    for (const [base, forms] of Object.entries(VOWELS)) {
      expect(foldVietnamese(forms)).toBe(base.repeat(forms.length));
      expect(foldVietnamese(forms.toUpperCase())).toBe(base.repeat(forms.length));
    }
  });

  it('treats the eth look-alikes of legacy encodings as d', () => {
    expect(foldVietnamese('ÐỒNG ðồng')).toBe('dong dong');
  });

  it('leaves ASCII punctuation, digits and non-Latin scripts alone', () => {
    expect(foldVietnamese('Số: 3562/TTr-SNNMT, 18/11/2026.')).toBe('so: 3562/ttr-snnmt, 18/11/2026.');
    expect(foldVietnamese('한국어')).toBe('한국어');
    expect(foldVietnamese('İstanbul')).toBe('istanbul');
  });

  it('keeps decomposed marks in place (one output unit per input unit)', () => {
    const decomposed = 'Bie\u0302n ba\u0309n';
    expect(foldVietnamese(decomposed)).toBe('bie\u0302n ba\u0309n');
  });

  it('maps each UTF-16 unit to exactly one unit, so offsets carry over (property)', () => {
    const next = rng(20261120);
    for (let round = 0; round < 300; round++) {
      const text = randomText(next, Math.floor(next() * 200));
      const folded = foldVietnamese(text);
      expect(folded.length).toBe(text.length);
      // Unit by unit: folding a single unit gives the same unit as folding the whole text.
      for (let i = 0; i < text.length; i++) {
        const unit = text[i]!;
        const code = unit.charCodeAt(0);
        if (code >= 0xd800 && code <= 0xdfff) expect(folded[i]).toBe(unit);
        else expect(folded[i]).toBe(foldVietnamese(unit));
      }
      expect(foldVietnamese(folded)).toBe(folded);
    }
  });

  it('finds a match in the folded text at the offsets of the original', () => {
    const original = 'Dự thảo 😀 BIÊN BẢN phiên họp, ý kiến ĐỒNG Ý của các đại biểu';
    const folded = foldVietnamese(original);
    const at = folded.indexOf('bien ban');
    expect(original.slice(at, at + 'bien ban'.length)).toBe('BIÊN BẢN');
    const d = folded.indexOf('dong y');
    expect(original.slice(d, d + 6)).toBe('ĐỒNG Ý');
  });

  it('folds every BMP unit the same whether met first alone, in a text, or later', () => {
    // The fold of each unit is worked out on first sight and kept: the order units are met in
    // must not change any answer. Backwards one at a time, then all at once forwards.
    const units = Array.from({ length: 0x10000 }, (_, c) => String.fromCharCode(c));
    const alone: string[] = [];
    for (let c = 0xffff; c >= 0; c--) alone[c] = foldVietnamese(units[c]!);
    const together = foldVietnamese(units.join(''));
    expect(together.length).toBe(0x10000);
    for (let c = 0; c < 0x10000; c++)
      if (together[c] !== alone[c]) expect([c, together[c]]).toEqual([c, alone[c]]);
    expect(foldVietnamese('ẮĂÂĐÊÔƠƯ')).toBe('aaadeoou');
  });

  it('handles long texts (no argument-list overflow)', () => {
    const text = 'Biên bản '.repeat(50_000);
    expect(foldVietnamese(text)).toBe('bien ban '.repeat(50_000));
  });
});
