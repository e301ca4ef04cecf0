import { describe, expect, it } from 'vitest';
import { SNIPPET_MARK_END as E, SNIPPET_MARK_START as S } from '#common/schemas/document';
import { queryPhrase } from '../../../sync-server/search/query';
import { findMatches, makeSnippet, SNIPPET_LENGTH } from '../../../sync-server/search/snippet';

const snip = (text: string, query: string): string => makeSnippet(text, queryPhrase(query));

describe('makeSnippet', () => {
  it('wraps the matched words of the original text, diacritics kept', () => {
    expect(snip('Thông qua biên bản phiên họp.', 'bien ban')).toBe(
      `Thông qua ${S}biên${E} ${S}bản${E} phiên họp.`,
    );
    expect(snip('ĐỒNG Ý với tờ trình', 'dong')).toBe(`${S}ĐỒNG${E} Ý với tờ trình`);
    expect(snip('đồng ý', 'đồng')).toBe(`${S}đồng${E} ý`);
  });

  // Was: prefix matches ("ban gia" marked "Bảng giá"); issue 14: a syllable matches a whole syllable.
  it('marks whole syllables only, never a syllable that merely starts with the one typed', () => {
    expect(snip('Bảng giá đất năm 2027', 'ban gia')).toBe('Bảng giá đất năm 2027');
    expect(snip('Bảng giá đất năm 2027', 'bang gia')).toBe(`${S}Bảng${E} ${S}giá${E} đất năm 2027`);
  });

  it('marks only the syllables standing together in order, across punctuation and line breaks', () => {
    expect(snip('Quyết định số 5. Quy định khác; quyết,\nđịnh cuối', 'quyết định')).toBe(
      `${S}Quyết${E} ${S}định${E} số 5. Quy định khác; ${S}quyết${E}, ${S}định${E} cuối`,
    );
    expect(snip('định quyết', 'quyết định')).toBe('định quyết');
  });

  it('shows the place typed with exactly the same diacritics first', () => {
    const text = `Tinh thai nguyen. ${'nội dung khác '.repeat(30)}Tỉnh Thái Nguyên.`;
    expect(snip(text, 'Thái Nguyên')).toContain(`${S}Thái${E} ${S}Nguyên${E}.`);
    expect(snip(text, 'Thái Nguyên')).not.toContain('thai nguyen');
    expect(snip(text, 'thai nguyen')).toContain(`${S}thai${E} ${S}nguyen${E}`);
  });

  it('cuts about 160 characters around the first match, on word boundaries, with ellipses', () => {
    const before = 'lời mở đầu '.repeat(60);
    const after = ' phần còn lại'.repeat(60);
    const text = `${before}Nghị quyết về bảng giá đất${after}`;
    const s = snip(text, 'nghi quyet');
    expect(s.startsWith('…')).toBe(true);
    expect(s.endsWith('…')).toBe(true);
    expect(s).toContain(`${S}Nghị${E} ${S}quyết${E} về bảng giá đất`);
    const plain = s.replaceAll(S, '').replaceAll(E, '');
    expect(plain.length).toBeLessThanOrEqual(SNIPPET_LENGTH + 2);
    expect(plain.length).toBeGreaterThan(SNIPPET_LENGTH - 20);
    // No word is cut: every word of the snippet is a word of the text.
    for (const w of plain.replaceAll('…', '').trim().split(' ')) expect(text.split(/\s+/)).toContain(w);
  });

  it('prefers the place where all query words occur together', () => {
    const text = `biên lai số 5. ${'nội dung khác '.repeat(30)}Thông qua biên bản họp.`;
    expect(snip(text, 'bien ban')).toContain(`${S}biên${E} ${S}bản${E} họp.`);
  });

  it('collapses whitespace and strips markers that were in the original text', () => {
    expect(snip('Biên\n\nbản \u0002họp\u0003\t ngày', 'hop')).toBe(`Biên bản ${S}họp${E} ngày`);
  });

  it('starts at the beginning when nothing matches', () => {
    expect(snip('Một văn bản không liên quan', 'xyz')).toBe('Một văn bản không liên quan');
  });

  it('never splits a surrogate pair at the window edge', () => {
    const text = `${'😀'.repeat(200)} biên ${'😀'.repeat(200)}`;
    const s = snip(text, 'bien');
    expect(s).toContain(`${S}biên${E}`);
    expect(s).not.toMatch(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/);
  });
});

describe('findMatches', () => {
  it('reports offsets in the original text', () => {
    const text = 'Về việc ĐỒNG Ý';
    const [m] = findMatches(text, queryPhrase('dong'));
    expect(text.slice(m!.start, m!.end)).toBe('ĐỒNG');
  });
});
