import { describe, expect, it } from 'vitest';
import {
  findDuplicateRows,
  foldIdentityText,
  personKey,
} from '../../../sync-server/participants/same-person';

describe('the same person', () => {
  it('folds Unicode form, case and spaces, but keeps diacritics', () => {
    expect(foldIdentityText('  NGUYỄN   Văn\tAn ')).toBe('nguyễn văn an');
    expect(personKey({ name: 'Lê Văn Cường'.normalize('NFD'), unit: 'Sở Tài chính' })).toBe(
      personKey({ name: 'LÊ VĂN CƯỜNG', unit: ' sở  tài chính' }),
    );
    // Without diacritics it may be somebody else: the secretariat decides, not the fold.
    expect(personKey({ name: 'Le Van Cuong', unit: 'So Tai chinh' })).not.toBe(
      personKey({ name: 'Lê Văn Cường', unit: 'Sở Tài chính' }),
    );
  });

  it('needs name and unit both', () => {
    expect(personKey({ name: 'Nguyễn Văn An', unit: 'Sở Y tế' })).not.toBe(
      personKey({ name: 'Nguyễn Văn An', unit: 'UBND tỉnh' }),
    );
  });

  it('finds rows repeating someone in the list or an earlier row, in file order', () => {
    const existing = [{ id: 'p1', name: 'Trần Thị Bình', unit: 'Văn phòng' }];
    const rows = [
      { name: 'Phạm Dung', unit: '' },
      { name: 'trần thị bình', unit: 'VĂN PHÒNG' },
      { name: 'Phạm  Dung', unit: '' },
      { name: 'Võ Em', unit: '' },
    ];
    expect(findDuplicateRows(existing, rows)).toEqual([
      { row: 1, name: 'trần thị bình', unit: 'VĂN PHÒNG', existingId: 'p1' },
      { row: 2, name: 'Phạm  Dung', unit: '', existingId: null },
    ]);
    expect(findDuplicateRows([], [{ name: 'A', unit: '' }])).toEqual([]);
  });
});
