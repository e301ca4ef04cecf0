import { isVnHoliday } from '#common/time/vn-holidays';

/** Vietnam has no daylight saving: UTC+7 all year (the server's `working-days.ts` counts the same way). */
const VIETNAM_OFFSET_MS = 7 * 3_600_000;
const DAY_MS = 86_400_000;
/** No notice is due years away; a bound keeps a bad date from spinning the loop. */
const MAX_DAYS = 3_700;

/** How the conclusion notice's due day stands from today, in working days. */
export type NoticeDue =
  /** Working days left after today: 5 on the day of the meeting, 0 on the due day itself. */
  | { readonly kind: 'left'; readonly days: number }
  /** Working days since the due day, at least 1. */
  | { readonly kind: 'overdue'; readonly days: number };

/** Midnight UTC of a "YYYY-MM-DD" day, as a day number. */
function dayNumber(isoDay: string): number {
  const [y, m, d] = isoDay.split('-').map(Number);
  return Date.UTC(y ?? 1970, (m ?? 1) - 1, d ?? 1) / DAY_MS;
}

/** Monday–Friday and not a public holiday or compensatory day off. */
function isWorkingDay(day: number): boolean {
  const date = new Date(day * DAY_MS);
  const weekday = date.getUTCDay();
  if (weekday === 0 || weekday === 6) return false;
  return !isVnHoliday(date.getUTCFullYear(), date.getUTCMonth() + 1, date.getUTCDate());
}

/** Working days in the closed range of day numbers. */
function workingDaysIn(first: number, last: number): number {
  let count = 0;
  for (let day = first, n = 0; day <= last && n < MAX_DAYS; day++, n++) {
    if (isWorkingDay(day)) count++;
  }
  return count;
}

/**
 * "Còn N ngày làm việc" or "quá hạn N ngày làm việc" for a notice due on `dueDate`
 * ("YYYY-MM-DD" in Vietnam), counted with Vietnam's public holidays as the server counts the
 * due date itself.
 */
export function noticeDue(dueDate: string, now: Date): NoticeDue {
  const today = Math.floor((now.getTime() + VIETNAM_OFFSET_MS) / DAY_MS);
  const due = dayNumber(dueDate);
  if (today <= due) return { kind: 'left', days: workingDaysIn(today + 1, due) };
  return { kind: 'overdue', days: Math.max(1, workingDaysIn(due + 1, today)) };
}
