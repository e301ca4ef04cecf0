import { describe, expect, it } from 'vitest';
import { formatRate, splitSeconds } from '../../../renderer/src/features/documents/format';
import { formatBytes } from '../../../renderer/src/lib/format';

describe('formatBytes', () => {
  it('uses decimal units in the UI language', () => {
    expect(formatBytes(512, 'en')).toBe('512 byte');
    expect(formatBytes(1_500, 'en')).toBe('1.5 kB');
    expect(formatBytes(1_016_315, 'en')).toBe('1 MB');
    expect(formatBytes(250_000_000, 'en')).toBe('250 MB');
    expect(formatBytes(1_500_000, 'vi')).toMatch(/^1,5\sMB$/);
  });
});

describe('formatRate', () => {
  it('shows megabytes per second with one decimal below 10', () => {
    expect(formatRate(2_450_000, 'en')).toBe('2.5 MB/s');
    expect(formatRate(0, 'en')).toBe('0.0 MB/s');
    expect(formatRate(12_300_000, 'en')).toBe('12 MB/s');
    // ICU words it as Vietnamese ("MB/giây") or keeps the symbol, depending on its data.
    expect(formatRate(2_450_000, 'vi')).toMatch(/^2,5\sMB\/(s|giây)$/);
  });
});

describe('splitSeconds', () => {
  it('splits into minutes and seconds, rounding up', () => {
    expect(splitSeconds(125.2)).toEqual({ minutes: 2, seconds: 6 });
    expect(splitSeconds(-3)).toEqual({ minutes: 0, seconds: 0 });
  });
});
