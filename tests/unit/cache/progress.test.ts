import { describe, expect, it } from 'vitest';
import {
  percentDone,
  RateMeter,
  secondsLeft,
  toMegabytesPerSecond,
  totalProgress,
} from '../../../renderer/src/lib/cache/progress';

describe('RateMeter', () => {
  it('measures bytes per second over the sliding window', () => {
    const meter = new RateMeter(5_000);
    meter.add(0, 1_000_000);
    meter.add(1_000, 1_000_000);
    meter.add(2_000, 1_000_000);
    // 3 MB over the 2 s since the first sample.
    expect(meter.rate(2_000)).toBeCloseTo(1_500_000);
  });

  it('forgets samples older than the window, so a stall shows as zero', () => {
    const meter = new RateMeter(5_000);
    meter.add(0, 5_000_000);
    expect(meter.rate(4_000)).toBeGreaterThan(0);
    expect(meter.rate(5_001)).toBe(0);
  });

  it('measures over at least one second right after the start', () => {
    const meter = new RateMeter(5_000);
    meter.add(100, 64_000);
    meter.add(110, 64_000);
    expect(meter.rate(110)).toBe(128_000);
  });

  it('ignores empty samples and can be reset', () => {
    const meter = new RateMeter();
    meter.add(0, 0);
    expect(meter.rate(0)).toBe(0);
    meter.add(0, 10);
    meter.reset();
    expect(meter.rate(0)).toBe(0);
  });
});

describe('percentDone and secondsLeft', () => {
  it('rounds down, clamps, and treats an empty total as done', () => {
    expect(percentDone(999, 1_000)).toBe(99);
    expect(percentDone(1_000, 1_000)).toBe(100);
    expect(percentDone(2_000, 1_000)).toBe(100);
    expect(percentDone(-5, 1_000)).toBe(0);
    expect(percentDone(0, 0)).toBe(100);
  });

  it('rounds time left up and knows when it cannot tell', () => {
    expect(secondsLeft(1_000_000, 300_000)).toBe(4);
    expect(secondsLeft(0, 0)).toBe(0);
    expect(secondsLeft(10, 0)).toBeNull();
    expect(secondsLeft(10, Number.NaN)).toBeNull();
  });

  it('converts to megabytes per second', () => {
    expect(toMegabytesPerSecond(2_500_000)).toBe(2.5);
  });
});

describe('totalProgress', () => {
  it('sums parts and reaches 100 only when every part is done', () => {
    const almost = totalProgress([
      { byteSize: 100, receivedBytes: 100, done: true },
      { byteSize: 100, receivedBytes: 100, done: false },
    ]);
    // The second file has all its bytes but is not verified yet: not 100 %.
    expect(almost.percent).toBe(99);
    expect(almost.receivedBytes).toBe(199);
    expect(almost.doneCount).toBe(1);

    const done = totalProgress([
      { byteSize: 100, receivedBytes: 100, done: true },
      { byteSize: 300, receivedBytes: 0, done: true },
    ]);
    expect(done).toEqual({ totalBytes: 400, receivedBytes: 400, percent: 100, doneCount: 2, count: 2 });
  });

  it('is 100 % for nothing to download', () => {
    expect(totalProgress([]).percent).toBe(100);
  });

  it('weights parts by size', () => {
    const progress = totalProgress([
      { byteSize: 900, receivedBytes: 450, done: false },
      { byteSize: 100, receivedBytes: 0, done: false },
    ]);
    expect(progress.percent).toBe(45);
  });
});
