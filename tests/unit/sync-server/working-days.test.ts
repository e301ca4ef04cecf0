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
