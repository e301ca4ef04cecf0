import { isVnHoliday } from '#common/time/vn-holidays';

/** Vietnam's time zone has no daylight saving: UTC+7 all year. */
const VIETNAM_OFFSET_MS = 7 * 3_600_000;

function vietnamDay(instant: Date): Date {
  const local = new Date(instant.getTime() + VIETNAM_OFFSET_MS);
  return new Date(Date.UTC(local.getUTCFullYear(), local.getUTCMonth(), local.getUTCDate()));
}

/** Monday–Friday and not a public holiday or compensatory day off (Labour Code 2019 art. 112). */
function isWorkingDay(day: Date): boolean {
  const weekday = day.getUTCDay();
  if (weekday === 0 || weekday === 6) return false;
  return !isVnHoliday(day.getUTCFullYear(), day.getUTCMonth() + 1, day.getUTCDate());
}

/**
 * Whole working days (Monday–Friday, not a public holiday, in Vietnam's calendar) strictly
 * between the day of `from` and the day of `to`: the days delegates have to read before the
 * meeting day.
 */
export function workingDaysBetween(from: Date, to: Date): number {
  const day = vietnamDay(from);
  const last = vietnamDay(to);
  let count = 0;
  for (day.setUTCDate(day.getUTCDate() + 1); day < last; day.setUTCDate(day.getUTCDate() + 1)) {
    if (isWorkingDay(day)) count++;
  }
  return count;
}

/**
 * The Vietnamese calendar day ("YYYY-MM-DD") that is the `n`-th working day after the day of
 * `from`: the last day a document due "within n working days" may be issued (the conclusion
 * notice: 5 working days after the meeting).
 */
export function addWorkingDays(from: Date, n: number): string {
  const day = vietnamDay(from);
  // Bounded: n working days never span more than n weeks plus the longest holiday run.
  for (let added = 0, guard = 0; added < n && guard < n * 7 + 30; guard++) {
    day.setUTCDate(day.getUTCDate() + 1);
    if (isWorkingDay(day)) added++;
  }
  return day.toISOString().slice(0, 10);
}
