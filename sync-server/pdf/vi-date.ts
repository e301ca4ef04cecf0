/** A date as Vietnamese administrative documents write it. */
export interface ViDate {
  /** Two digits: "05". */
  day: string;
  /** "01", "02", then "3" … "12". */
  month: string;
  year: string;
  /** "ngày 05 tháng 3 năm 2026". */
  text: string;
}

/**
 * Formats a calendar date the Decree 30 way: days below 10 and the months 1 and 2 take a
 * leading zero, other months do not ("ngày 09 tháng 02 năm 2026", "ngày 05 tháng 3 năm 2026").
 */
export function viDateOf(year: number, month: number, day: number): ViDate {
  const dd = String(day).padStart(2, '0');
  const mm = month <= 2 ? String(month).padStart(2, '0') : String(month);
  const yyyy = String(year);
  return { day: dd, month: mm, year: yyyy, text: `ngày ${dd} tháng ${mm} năm ${yyyy}` };
}

/** The date part of an ISO date or date-time, as written (no time zone conversion). */
export function viDate(iso: string): ViDate {
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(iso);
  if (!m) throw new RangeError(`not an ISO date: ${iso}`);
  return viDateOf(Number(m[1]), Number(m[2]), Number(m[3]));
}
