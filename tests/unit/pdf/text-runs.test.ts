import { describe, expect, it } from 'vitest';
import { parseMarkup, plainText, toRuns } from '../../../sync-server/pdf/text-runs';

describe('toRuns', () => {
  it('normalises to NFC, drops empty runs and merges neighbours of one face', () => {
    const decomposed = 'Hội đồng nhân dân'.normalize('NFD');
    expect(toRuns(decomposed)).toEqual([{ text: 'Hội đồng nhân dân', face: 'r' }]);
    expect(
      toRuns([
        { text: 'Vai ', face: 'r' },
        { text: '', face: 'b' },
        { text: 'trò: ', face: 'r' },
        { text: 'chủ tọa', face: 'b' },
      ]),
    ).toEqual([
      { text: 'Vai trò: ', face: 'r' },
      { text: 'chủ tọa', face: 'b' },
    ]);
  });

  it('composes a letter whose combining mark sits in the next run of the same face', () => {
    const runs = toRuns([
      { text: 'Vie\u0302', face: 'r' },
      { text: '\u0323t Nam', face: 'r' },
    ]);
    expect(runs).toEqual([{ text: 'Việt Nam', face: 'r' }]);
    expect(plainText(runs)).toBe('Việt Nam');
  });
});

describe('parseMarkup', () => {
  it('reads bold, italic and bold italic on the base face', () => {
    expect(parseMarkup('**1. Chủ trì:** Đồng chí *Lương Quốc Khánh*; ***Lưu ý***.')).toEqual([
      { text: '1. Chủ trì:', face: 'b' },
      { text: ' Đồng chí ', face: 'r' },
      { text: 'Lương Quốc Khánh', face: 'i' },
      { text: '; ', face: 'r' },
      { text: 'Lưu ý', face: 'bi' },
      { text: '.', face: 'r' },
    ]);
  });

  it('makes italic inside a bold paragraph bold italic, and the reverse', () => {
    expect(parseMarkup('I. *Tăng trưởng*', 'b')).toEqual([
      { text: 'I. ', face: 'b' },
      { text: 'Tăng trưởng', face: 'bi' },
    ]);
    expect(parseMarkup('Ghi chú: **quan trọng**', 'i')).toEqual([
      { text: 'Ghi chú: ', face: 'i' },
      { text: 'quan trọng', face: 'bi' },
    ]);
  });

  it('normalises the parsed text to NFC', () => {
    expect(parseMarkup('**Nghị quyết**'.normalize('NFD'))).toEqual([{ text: 'Nghị quyết', face: 'b' }]);
  });
});
