import { instantOfWallClock, isoInZone, wallClockAt } from '#common/time/meeting-time';

/**
 * Meeting times are entered and shown on the meeting's clock (its time zone, Vietnam's by
 * default), whatever zone the secretariat's machine is set to: an `<input type="datetime-local">`
 * value has no zone, so it is read in the meeting's and sent as ISO 8601 with that zone's offset.
 */

const pad = (value: number, width = 2): string => String(Math.trunc(Math.abs(value))).padStart(width, '0');

/** "2026-03-05T08:00" for an ISO instant, on `timeZone`'s clock; empty for an unreadable value. */
export function toLocalInputValue(iso: string, timeZone: string): string {
  const instant = Date.parse(iso);
  if (Number.isNaN(instant)) return '';
  const w = wallClockAt(instant, timeZone);
  return `${pad(w.year, 4)}-${pad(w.month)}-${pad(w.day)}T${pad(w.hour)}:${pad(w.minute)}`;
}

/**
 * "2026-03-05T08:00" on `timeZone`'s clock → "2026-03-05T08:00:00+07:00", or null when the
 * value is not a complete date and time, or names a time that clock never shows.
 */
export function fromLocalInputValue(value: string, timeZone: string): string | null {
  const match = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?$/.exec(value.trim());
  if (!match) return null;
  const [year, month, day, hour, minute, second] = match.slice(1).map((part) => Number(part ?? 0)) as [
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  // Refused rather than rolled over: 24:00, 08:60, 31 February, years below 1000.
  const instant = instantOfWallClock({ year, month, day, hour, minute, second }, timeZone);
  return instant === null ? null : isoInZone(instant, timeZone);
}
