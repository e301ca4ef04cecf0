import { describe, expect, it } from 'vitest';
import { chooseDocumentTitle, firstHeading, meaningfulTitle } from '../../../sync-server/ingest/pdf-title';

describe('a PDF’s own title', () => {
  it('takes a metadata title that says more than the file name', () => {
    expect(meaningfulTitle('  Tờ trình   về bảng giá đất ', 'TAMReview')).toBe('Tờ trình về bảng giá đất');
    expect(meaningfulTitle('Microsoft Word - Tờ trình số 12', 'x')).toBe('Tờ trình số 12');
  });

  it('ignores placeholders, file names and the file name again', () => {
    for (const junk of [
      'Untitled',
      'Document1',
      'Microsoft Word - TAMReview.docx',
      'scan.pdf',
      '1234',
      '',
      null,
    ]) {
      expect(meaningfulTitle(junk, 'TAMReview'), String(junk)).toBeNull();
    }
    expect(meaningfulTitle('tam review', 'TAM_Review')).toBeNull();
  });

  it('cuts a long title to the field’s length', () => {
    const title = meaningfulTitle(`Báo cáo ${'rất '.repeat(200)}dài`, 'x');
    expect(title).toHaveLength(300);
    expect(title?.endsWith('…')).toBe(true);
  });

  it('prefers metadata, then the heading, then the file name', () => {
    expect(chooseDocumentTitle({ metadata: 'Báo cáo', heading: 'TỜ TRÌNH' }, 'f', 'f')).toBe('Báo cáo');
    expect(chooseDocumentTitle({ metadata: 'Untitled', heading: 'TỜ TRÌNH' }, 'f', 'f')).toBe('TỜ TRÌNH');
    expect(chooseDocumentTitle({ metadata: null, heading: null }, 'TAMReview', 'TAMReview')).toBe(
      'TAMReview',
    );
    expect(chooseDocumentTitle(undefined, 'TAMReview', 'TAMReview')).toBe('TAMReview');
  });
});

describe('the first heading of a page', () => {
  const body = (text: string) => ({ text, size: 12 });

  it('is the first run of the largest text, when it stands out from the body', () => {
    expect(
      firstHeading([
        body('ỦY BAN NHÂN DÂN'),
        { text: 'TỜ TRÌNH', size: 16 },
        { text: ' ', size: 0 },
        { text: 'Về bảng giá đất', size: 16 },
        body('Căn cứ Luật Đất đai năm 2024, Ủy ban nhân dân tỉnh kính trình.'),
        { text: 'Ký tên', size: 16 },
      ]),
    ).toBe('TỜ TRÌNH Về bảng giá đất');
  });

  it('is nothing on a page of one size, or a blank page', () => {
    expect(firstHeading([body('Một dòng.'), body('Dòng khác.')])).toBeNull();
    expect(firstHeading([{ text: 'a', size: 12.5 }, body('Nội dung dài của trang văn bản.')])).toBeNull();
    expect(firstHeading([])).toBeNull();
  });
});
