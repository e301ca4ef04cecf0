import { wallClockAt } from '#common/time/meeting-time';
import { type ViDate, viDateOf } from '../vi-date';

/** A moment as a Vietnamese document writes it, in the meeting's time zone. */
export interface ViMoment {
  date: ViDate;
  /** "08 giờ 30 phút". */
  time: string;
  /** "2027-01-05": to tell whether two moments fall on the same day. */
  day: string;
}

export function viMoment(iso: string, timeZone: string): ViMoment {
  const wall = wallClockAt(Date.parse(iso), timeZone);
  const two = (n: number) => String(n).padStart(2, '0');
  return {
    date: viDateOf(wall.year, wall.month, wall.day),
    time: `${two(wall.hour)} giờ ${two(wall.minute)} phút`,
    day: `${wall.year}-${two(wall.month)}-${two(wall.day)}`,
  };
}

/** A count as a share of a whole: two decimals and a decimal comma ("85,63%"), as votes are recorded. */
export function viPercent(count: number, whole: number): string {
  if (whole <= 0) return '0,00%';
  return `${((count / whole) * 100).toFixed(2).replace('.', ',')}%`;
}
