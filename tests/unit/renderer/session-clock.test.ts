import { type SpeakerTimer, spokenSeconds } from '#common/schemas/session';
import { describe, expect, it } from 'vitest';
import {
  bestOffset,
  formatTimer,
  offsetOf,
  serverNow,
  timerPhase,
} from '../../../renderer/src/features/session/server-clock';

describe('server clock offset', () => {
  it('takes the midpoint of the round trip as the moment the server read its clock', () => {
    // Sent at 1000, answered at 1100 (local); the server said 6050: it is 5000 ms ahead.
    expect(offsetOf({ sentAt: 1000, receivedAt: 1100, serverTime: 6050 })).toBe(5000);
    expect(offsetOf({ sentAt: 1000, receivedAt: 1100, serverTime: 50 })).toBe(-1000);
  });

  it('trusts the sample with the shortest round trip', () => {
    const slow = { sentAt: 0, receivedAt: 2000, serverTime: 10_000 }; // offset 9000, ±1000
    const fast = { sentAt: 5000, receivedAt: 5010, serverTime: 15_100 }; // offset 10095, ±5
    expect(bestOffset([slow, fast])).toBe(10_095);
    expect(bestOffset([fast, slow])).toBe(10_095);
  });

  it('has no estimate without a usable sample (none, or a clock that went backwards)', () => {
    expect(bestOffset([])).toBeNull();
    expect(bestOffset([{ sentAt: 10, receivedAt: 5, serverTime: 100 }])).toBeNull();
    expect(bestOffset([{ sentAt: 10, receivedAt: 15, serverTime: Number.NaN }])).toBeNull();
  });

  it("turns the device's now into the server's, with the device clock until an offset is known", () => {
    expect(serverNow(1000, 250)).toBe(1250);
    expect(serverNow(1000, null)).toBe(1000);
  });

  it('gives two laptops with different clocks the same remaining time', () => {
    const timer: SpeakerTimer = {
      startedAt: '2026-03-05T01:00:00.000Z',
      limitSeconds: 180,
      pausedSeconds: 0,
      pausedAt: null,
      warningSeconds: 30,
    };
    const server = Date.parse('2026-03-05T01:02:00.000Z');
    const fastLaptop = { local: server + 40_000, offset: -40_000 };
    const slowLaptop = { local: server - 7_000, offset: 7_000 };
    const left = (l: { local: number; offset: number }) =>
      Math.ceil(timer.limitSeconds - spokenSeconds(timer, serverNow(l.local, l.offset)));
    expect(left(fastLaptop)).toBe(60);
    expect(left(slowLaptop)).toBe(60);
  });
});

describe('timer display', () => {
  it('formats minutes and seconds, hours only when needed, and an overrun with a minus', () => {
    expect(formatTimer(245)).toBe('4:05');
    expect(formatTimer(0)).toBe('0:00');
    expect(formatTimer(-12)).toBe('-0:12');
    expect(formatTimer(3723)).toBe('1:02:03');
  });

  it('warns in the last warningSeconds and is over at zero', () => {
    expect(timerPhase(31, 30)).toBe('running');
    expect(timerPhase(30, 30)).toBe('warning');
    expect(timerPhase(1, 30)).toBe('warning');
    expect(timerPhase(0, 30)).toBe('over');
    expect(timerPhase(-5, 30)).toBe('over');
  });
});
