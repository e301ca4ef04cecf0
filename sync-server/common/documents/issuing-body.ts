/**
 * What a Decree 30 header derives from the issuing body's name (cơ quan ban hành), e.g.
 * "ỦY BAN NHÂN DÂN TỈNH THÁI NGUYÊN": the body's symbol for register numbers ("UBND",
 * Appendix III: the initials of the body's type) and the locality of the place-and-date line
 * ("Thái Nguyên"). Names written otherwise get the initials of every word.
 */

/** Words that start the locality part of a body's name; longest first. */
const LOCALITY_WORDS = ['THÀNH PHỐ', 'THỊ XÃ', 'THỊ TRẤN', 'TỈNH', 'HUYỆN', 'QUẬN', 'PHƯỜNG', 'XÃ'];

function splitBody(body: string): { kind: string; locality: string } {
  const upper = body.normalize('NFC').trim().replace(/\s+/g, ' ').toLocaleUpperCase('vi');
  let best: { index: number; word: string } | null = null;
  for (const word of LOCALITY_WORDS) {
    const index = upper.indexOf(` ${word} `);
    if (index >= 0 && (best === null || index < best.index)) best = { index, word };
  }
  if (!best) return { kind: upper, locality: '' };
  return { kind: upper.slice(0, best.index), locality: upper.slice(best.index + best.word.length + 2) };
}

/** "ỦY BAN NHÂN DÂN TỈNH THÁI NGUYÊN" → "UBND"; "HỘI ĐỒNG NHÂN DÂN …" → "HĐND". */
export function bodyAbbreviation(body: string): string {
  const { kind } = splitBody(body);
  const initials = [...kind.split(' ')]
    .filter((w) => w.length > 0)
    .map((w) => {
      const first = [...w.normalize('NFD')][0] ?? '';
      // Đ has no decomposition and keeps its bar; other letters drop their marks (Ủ → U).
      return first === 'Đ' ? 'Đ' : first.replace(/\p{M}/gu, '');
    })
    .join('');
  return initials || 'VP';
}

/** "ỦY BAN NHÂN DÂN TỈNH THÁI NGUYÊN" → "Thái Nguyên"; "" when the name has no locality. */
export function bodyLocality(body: string): string {
  return splitBody(body)
    .locality.split(' ')
    .filter((w) => w.length > 0)
    .map((w) => w.charAt(0) + w.slice(1).toLocaleLowerCase('vi'))
    .join(' ');
}

/** Register number as written after "Số:": "07/BB-UBND" (a leading zero below 10, no spaces). */
export function formatRegisterNumber(number: number, kind: string, abbreviation: string): string {
  return `${String(number).padStart(2, '0')}/${kind}-${abbreviation}`;
}
