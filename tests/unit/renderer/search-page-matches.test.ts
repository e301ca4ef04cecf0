import { describe, expect, it } from 'vitest';
import { queryPhrase } from '#common/search/phrase';
import type { PdfTextItem } from '../../../renderer/src/lib/pdf/pdf';
import { findOnPage, joinPageText } from '../../../renderer/src/features/search/page-matches';
import { groupHits } from '../../../renderer/src/features/search/SearchPanel';

/** A run at (left, top) one unit wide per character, 10 high. */
const run = (str: string, left: number, top: number, hasEOL = false): PdfTextItem => ({
  str,
  hasEOL,
  left,
  top,
  width: str.length,
  height: 10,
});

describe('find in a page (renderer)', () => {
  it('joins runs with a line break where a line ends', () => {
    expect(joinPageText([run('Căn cứ quyết', 0, 0, true), run('định số 15', 0, 20)])).toEqual({
      text: 'Căn cứ quyết\nđịnh số 15',
      starts: [0, 13],
    });
  });

  it('finds the phrase across runs and line breaks, a box per syllable', () => {
    const items = [run('Căn cứ quyết', 100, 50, true), run('định số 15', 100, 70)];
    const [match, ...rest] = findOnPage(3, items, queryPhrase('quyet dinh'));
    expect(rest).toEqual([]);
    expect(match?.page).toBe(3);
    expect(match?.exact).toBe(0);
    expect(match?.rects).toEqual([
      { left: 107, top: 50, width: 5, height: 10 },
      { left: 100, top: 70, width: 4, height: 10 },
    ]);
    expect(findOnPage(3, items, queryPhrase('quyết định'))[0]?.exact).toBe(2);
  });

  it('follows the phrase rules: order, whole syllables', () => {
    const items = [run('Bảng giá; định quyết', 0, 0)];
    expect(findOnPage(1, items, queryPhrase('quyết định'))).toEqual([]);
    expect(findOnPage(1, items, queryPhrase('ban gia'))).toEqual([]);
    expect(findOnPage(1, items, queryPhrase('bang gia'))).toHaveLength(1);
  });

  it('cuts boxes by measured width when a measure is given', () => {
    const items = [run('ab', 0, 0)];
    // "a" twice as wide as "b": the run's 2 units split 4/3 : 2/3.
    const measure = (text: string) => [...text].reduce((w, c) => w + (c === 'a' ? 2 : 1), 0);
    const [match] = findOnPage(1, items, queryPhrase('ab'), measure);
    expect(match?.rects).toEqual([{ left: 0, top: 0, width: 2, height: 10 }]);
  });
});

describe('groupHits', () => {
  it('groups by document in the order of each document’s best hit', () => {
    const hit = (documentId: string, page: number) => ({
      documentId,
      title: documentId,
      version: 1,
      page,
      snippet: '',
    });
    const groups = groupHits([hit('a', 3), hit('b', 1), hit('a', 1)]);
    expect(groups.map((g) => [g.documentId, g.hits.map((h) => h.page)])).toEqual([
      ['a', [3, 1]],
      ['b', [1]],
    ]);
  });
});
