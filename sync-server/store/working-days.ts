/** Vietnam's time zone has no daylight saving: UTC+7 all year. */
const VIETNAM_OFFSET_MS = 7 * 3_600_000;

function vietnamDay(instant: Date): Date {
  const local = new Date(instant.getTime() + VIETNAM_OFFSET_MS);
  return new Date(Date.UTC(local.getUTCFullYear(), local.getUTCMonth(), local.getUTCDate()));
}

/**
 * Whole working days (Monday–Friday, in Vietnam's calendar) strictly between the day of
 * `from` and the day of `to`: the days delegates have to read before the meeting day.
 * Public holidays are not known here and count as working days.
 */
export function workingDaysBetween(from: Date, to: Date): number {
  const day = vietnamDay(from);
  const last = vietnamDay(to);
  let count = 0;
  for (day.setUTCDate(day.getUTCDate() + 1); day < last; day.setUTCDate(day.getUTCDate() + 1)) {
    const weekday = day.getUTCDay();
    if (weekday !== 0 && weekday !== 6) count++;
  }
  return count;
}
