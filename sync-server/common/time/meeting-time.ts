/**
 * A meeting happens in one place, so its times are read on that place's wall clock whatever the
 * zone of the machine that shows them: a meeting typed on a server in UTC for 08:00 in Hà Nội
 * is 08:00 on every laptop, sheet and export. These helpers convert between instants and a
 * zone's wall clock with the platform's own time-zone data (Intl), shared by server and renderer.
 */

/** Vietnam has one zone and no daylight saving: the default for every meeting. */
export const DEFAULT_TIME_ZONE = 'Asia/Ho_Chi_Minh';

/** A wall-clock reading: month 1–12. */
export interface WallClock {
  readonly year: number;
  readonly month: number;
  readonly day: number;
  readonly hour: number;
  readonly minute: number;
  readonly second: number;
}

/**
 * One formatter per zone, looked up by the zone alone. Not `#common/intl/formats`' kept
 * formatters: their key is the options written out as JSON, ~0.6 µs per call, and every
 * conversion here (3.7 µs in all) asks for its formatter, many times per working-day count.
 */
const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(timeZone, formatter);
  }
  return formatter;
}

/** Whether the platform knows `timeZone` as an IANA zone name ("Asia/Ho_Chi_Minh", "UTC"). */
export function isTimeZone(timeZone: string): boolean {
  if (timeZone.length === 0 || timeZone.length > 64) return false;
  // Every meeting's zone, known without asking: a browser's first Intl.DateTimeFormat with a
  // zone loads the time-zone data (0.1 s on a laptop), and the renderer checks the stored
  // session's zone before its first screen; that cost then waits for a time to be shown.
  if (timeZone === DEFAULT_TIME_ZONE) return true;
  try {
    formatterFor(timeZone);
    return true;
  } catch {
    return false;
  }
}

/** The wall clock in `timeZone` at `instant` (ms since the epoch). */
export function wallClockAt(instant: number, timeZone: string): WallClock {
  const parts: Record<string, number> = {};
  for (const part of formatterFor(timeZone).formatToParts(new Date(instant))) {
    if (part.type !== 'literal') parts[part.type] = Number(part.value);
  }
  return {
    year: parts.year ?? 0,
    month: parts.month ?? 1,
    day: parts.day ?? 1,
    hour: parts.hour ?? 0,
    minute: parts.minute ?? 0,
    second: parts.second ?? 0,
  };
}

/** How far `timeZone` is ahead of UTC at `instant`, in minutes (Vietnam: 420). */
export function offsetMinutesAt(instant: number, timeZone: string): number {
  const w = wallClockAt(instant, timeZone);
  const asUtc = Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second);
  return Math.round((asUtc - Math.floor(instant / 1000) * 1000) / 60_000);
}

const pad = (value: number, width = 2): string => String(Math.trunc(Math.abs(value))).padStart(width, '0');

/** ISO 8601 with the zone's offset at that instant: "2026-12-10T08:00:00+07:00". */
export function isoInZone(instant: number, timeZone: string): string {
  const w = wallClockAt(instant, timeZone);
  const offset = offsetMinutesAt(instant, timeZone);
  const sign = offset >= 0 ? '+' : '-';
  return (
    `${pad(w.year, 4)}-${pad(w.month)}-${pad(w.day)}T${pad(w.hour)}:${pad(w.minute)}:${pad(w.second)}` +
    `${sign}${pad(offset / 60)}:${pad(offset % 60)}`
  );
}

/**
 * The instant at which `timeZone`'s wall clock reads `wall`, or null when the reading is not a
 * real date (31 February, 24:00) or does not occur there (skipped by a daylight-saving change).
 */
export function instantOfWallClock(wall: WallClock, timeZone: string): number | null {
  const { year, month, day, hour, minute, second } = wall;
  if (year < 1000 || month < 1 || month > 12 || hour > 23 || minute > 59 || second > 59) return null;
  const asUtc = Date.UTC(year, month - 1, day, hour, minute, second);
  const check = new Date(asUtc);
  if (check.getUTCMonth() !== month - 1 || check.getUTCDate() !== day) return null;
  // Two passes settle the offset on either side of a change; a third reading that still
  // disagrees means the wall time was skipped.
  let instant = asUtc - offsetMinutesAt(asUtc, timeZone) * 60_000;
  instant = asUtc - offsetMinutesAt(instant, timeZone) * 60_000;
  const back = wallClockAt(instant, timeZone);
  if (back.hour !== hour || back.minute !== minute || back.day !== day) return null;
  return instant;
}

/** The last second of the calendar day of `instant` in `timeZone` (23:59:59 there), as ISO. */
export function endOfDayIn(instant: number, timeZone: string): string {
  const w = wallClockAt(instant, timeZone);
  const end = instantOfWallClock({ ...w, hour: 23, minute: 59, second: 59 }, timeZone);
  return isoInZone(end ?? instant, timeZone);
}
