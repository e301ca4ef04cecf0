/**
 * Meeting times are entered and shown in the device's local time (an `<input type="datetime-local">`
 * value has no zone) and sent to the server as ISO 8601 with the local offset, so the server
 * and other devices know the exact instant and the text still reads as the local wall clock.
 */

const pad = (value: number, width = 2): string => String(Math.trunc(Math.abs(value))).padStart(width, '0');

/** "2026-03-05T08:00" for an ISO instant, in local time; empty for an unreadable value. */
export function toLocalInputValue(iso: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return '';
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}T${pad(date.getHours())}:${pad(date.getMinutes())}`;
}

/**
 * "2026-03-05T08:00" (local) → "2026-03-05T08:00:00+07:00", or null when the value is not a
 * complete local date and time.
 */
export function fromLocalInputValue(value: string): string | null {
  const match = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?$/.exec(value.trim());
  if (!match) return null;
  const [year, month, day, hours, minutes, seconds] = match.slice(1).map((part) => Number(part ?? 0)) as [
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  // Date would roll 24:00, 08:60 or 31 February over into the next unit, and read years
  // below 100 as 19xx: refuse those instead of silently moving the meeting.
  if (year < 1000 || hours > 23 || minutes > 59 || seconds > 59) return null;
  const date = new Date(year, month - 1, day, hours, minutes, seconds);
  if (Number.isNaN(date.getTime()) || date.getMonth() !== month - 1 || date.getDate() !== day) return null;
  // getTimezoneOffset is minutes *behind* UTC: Vietnam (UTC+7) gives -420.
  const offset = -date.getTimezoneOffset();
  const sign = offset >= 0 ? '+' : '-';
  return (
    `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}` +
    `T${pad(date.getHours())}:${pad(date.getMinutes())}:${pad(date.getSeconds())}` +
    `${sign}${pad(offset / 60)}:${pad(offset % 60)}`
  );
}
