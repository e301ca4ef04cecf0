/** What the minutes screen saves: the minutes in four forms and the conclusion notice. */
export type MinutesFileKind = 'pdf' | 'pdfa' | 'docx' | 'json' | 'notice';

const NAMES: Record<MinutesFileKind, { title: string; suffix: string }> = {
  pdf: { title: 'Biên bản', suffix: '.pdf' },
  pdfa: { title: 'Biên bản', suffix: ' PDF-A.pdf' },
  docx: { title: 'Biên bản', suffix: '.docx' },
  json: { title: 'Biên bản', suffix: '.json' },
  notice: { title: 'Thông báo kết luận', suffix: '.pdf' },
};

/**
 * The saved file's name, as the server's `Content-Disposition` words it ("Biên bản
 * 01-BB-UBND.pdf", "Biên bản (bản nháp).docx"): the files are Vietnamese documents whatever the
 * UI language, and a fetched blob does not carry the server's name.
 */
export function exportFileName(kind: MinutesFileKind, registerNumber: string | null): string {
  const { title, suffix } = NAMES[kind];
  const number = registerNumber ? ` ${registerNumber.replace(/\//g, '-')}` : ' (bản nháp)';
  return `${title}${number}${suffix}`.normalize('NFC');
}
