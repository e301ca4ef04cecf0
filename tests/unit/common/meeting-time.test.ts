import { describe, expect, it } from 'vitest';
import {
  endOfDayIn,
  instantOfWallClock,
  isoInZone,
  isTimeZone,
  offsetMinutesAt,
  wallClockAt,
} from '#common/time/meeting-time';

describe('meeting time', () => {
  it('reads an instant on a zone’s wall clock whatever the machine’s zone', () => {
    const instant = Date.parse('2026-12-10T01:00:00Z');
    expect(wallClockAt(instant, 'Asia/Ho_Chi_Minh')).toMatchObject({
      year: 2026,
      month: 12,
      day: 10,
      hour: 8,
    });
    expect(offsetMinutesAt(instant, 'Asia/Ho_Chi_Minh')).toBe(420);
    expect(isoInZone(instant, 'Asia/Ho_Chi_Minh')).toBe('2026-12-10T08:00:00+07:00');
    expect(isoInZone(instant, 'America/New_York')).toBe('2026-12-09T20:00:00-05:00');
  });

  it('turns a wall-clock reading into the instant, across daylight saving, and refuses times that do not exist', () => {
    const wall = { year: 2026, month: 7, day: 1, hour: 9, minute: 30, second: 0 };
    expect(instantOfWallClock(wall, 'Europe/Paris')).toBe(Date.parse('2026-07-01T07:30:00Z'));
    expect(instantOfWallClock({ ...wall, month: 1 }, 'Europe/Paris')).toBe(
      Date.parse('2026-01-01T08:30:00Z'),
    );
    // 02:30 on 29 March 2026 is skipped in Paris (clocks go from 02:00 to 03:00).
    expect(instantOfWallClock({ ...wall, month: 3, day: 29, hour: 2 }, 'Europe/Paris')).toBeNull();
    expect(instantOfWallClock({ ...wall, month: 2, day: 30 }, 'Asia/Ho_Chi_Minh')).toBeNull();
    expect(instantOfWallClock({ ...wall, hour: 24 }, 'Asia/Ho_Chi_Minh')).toBeNull();
  });

  it('ends a day at 23:59:59 on the zone’s clock', () => {
    // 20:00 UTC on the 10th is already the 11th in Vietnam.
    expect(endOfDayIn(Date.parse('2026-12-10T20:00:00Z'), 'Asia/Ho_Chi_Minh')).toBe(
      '2026-12-11T23:59:59+07:00',
    );
    expect(endOfDayIn(Date.parse('2026-12-10T20:00:00Z'), 'UTC')).toBe('2026-12-10T23:59:59+00:00');
  });

  it('knows real zone names and nothing else', () => {
    expect(isTimeZone('Asia/Ho_Chi_Minh')).toBe(true);
    expect(isTimeZone('UTC')).toBe(true);
    expect(isTimeZone('Asia/Hanoi_Nowhere')).toBe(false);
    expect(isTimeZone('')).toBe(false);
    expect(isTimeZone('x'.repeat(100))).toBe(false);
  });
});
