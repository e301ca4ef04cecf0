import { describe, expect, it } from 'vitest';
import { parseRange } from '../../../sync-server/blobs/serve-blob';
import { workingDaysBetween } from '../../../sync-server/store/working-days';

describe('working days before a meeting', () => {
  it('counts Monday–Friday strictly between the two days, in Vietnam time', () => {
    // Monday 23 Nov 2026, 09:00 in Hà Nội → Thursday 26 Nov: Tuesday and Wednesday.
    expect(workingDaysBetween(new Date('2026-11-23T02:00:00Z'), new Date('2026-11-26T01:00:00Z'))).toBe(2);
    // Friday → next Tuesday: only Monday.
    expect(workingDaysBetween(new Date('2026-11-27T02:00:00Z'), new Date('2026-12-01T01:00:00Z'))).toBe(1);
    // 23:30 UTC on Sunday is already Monday 06:30 in Vietnam.
    expect(workingDaysBetween(new Date('2026-11-22T23:30:00Z'), new Date('2026-11-26T01:00:00Z'))).toBe(2);
    expect(workingDaysBetween(new Date('2026-11-26T01:00:00Z'), new Date('2026-11-26T05:00:00Z'))).toBe(0);
    expect(workingDaysBetween(new Date('2026-11-30T01:00:00Z'), new Date('2026-11-20T01:00:00Z'))).toBe(0);
  });

  it('does not count public holidays or their compensatory days', () => {
    // Tuesday 29 Dec 2026 → Monday 4 Jan 2027: Wednesday 30 and Thursday 31 Dec; 1 Jan is Tết Dương lịch.
    expect(workingDaysBetween(new Date('2026-12-29T02:00:00Z'), new Date('2027-01-04T02:00:00Z'))).toBe(2);
    // Across Tết 2027 (5–9 Feb, with 10 and 11 Feb in place of the weekend days): Friday 12 only.
    expect(workingDaysBetween(new Date('2027-02-03T02:00:00Z'), new Date('2027-02-15T02:00:00Z'))).toBe(2);
    // Wednesday 1 Sep 2027 → Monday 6 Sep: 2/9 (Thursday) and 3/9 (Friday) are Quốc khánh.
    expect(workingDaysBetween(new Date('2027-09-01T02:00:00Z'), new Date('2027-09-06T02:00:00Z'))).toBe(0);
  });
});

describe('HTTP Range parsing', () => {
  it('reads single ranges and refuses impossible ones', () => {
    expect(parseRange(undefined, 100)).toBeNull();
    expect(parseRange('bytes=0-9', 100)).toEqual({ start: 0, end: 9 });
    expect(parseRange('bytes=90-', 100)).toEqual({ start: 90, end: 99 });
    expect(parseRange('bytes=90-500', 100)).toEqual({ start: 90, end: 99 });
    expect(parseRange('bytes=-10', 100)).toEqual({ start: 90, end: 99 });
    expect(parseRange('bytes=-500', 100)).toEqual({ start: 0, end: 99 });
    expect(parseRange('bytes=100-', 100)).toBe('unsatisfiable');
    expect(parseRange('bytes=9-3', 100)).toBe('unsatisfiable');
    expect(parseRange('bytes=-0', 100)).toBe('unsatisfiable');
    expect(parseRange('bytes=0-1,5-6', 100)).toBeNull();
    expect(parseRange('items=0-1', 100)).toBeNull();
    expect(parseRange('bytes=-', 100)).toBeNull();
  });
});
