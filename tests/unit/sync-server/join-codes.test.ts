import { describe, expect, it } from 'vitest';
import { FailedAttemptLimiter } from '../../../sync-server/auth/failed-attempt-limiter';
import {
  formatJoinCode,
  generateJoinCode,
  hashJoinCode,
  JOIN_CODE_LENGTH,
  normalizeJoinCode,
} from '../../../sync-server/auth/join-codes';
import { bearerToken, generateToken, hashToken } from '../../../sync-server/auth/tokens';

describe('join codes', () => {
  it('are 8 unambiguous characters', () => {
    const codes = new Set(Array.from({ length: 500 }, generateJoinCode));
    expect(codes.size).toBe(500);
    for (const code of codes) {
      expect(code).toHaveLength(JOIN_CODE_LENGTH);
      expect(code).toMatch(/^[0-9A-HJKMNP-TV-Z]+$/);
    }
  });

  it('normalise what people type', () => {
    expect(normalizeJoinCode('abcd-efgh')).toBe('ABCDEFGH');
    expect(normalizeJoinCode('  AB CD EF GH ')).toBe('ABCDEFGH');
    expect(normalizeJoinCode('oo1l-ilo0')).toBe('00111100');
    expect(normalizeJoinCode('ABCD-EFG')).toBeNull();
    expect(normalizeJoinCode('ABCD-EFGHJ')).toBeNull();
    expect(normalizeJoinCode('ABCD-EFGU')).toBeNull();
    expect(normalizeJoinCode('ĐBCD-EFGH')).toBeNull();
    expect(formatJoinCode('ABCDEFGH')).toBe('ABCD-EFGH');
  });

  it('hash with the room secret', () => {
    const a = Buffer.alloc(32, 1);
    const b = Buffer.alloc(32, 2);
    expect(hashJoinCode(a, 'ABCDEFGH')).toMatch(/^[0-9a-f]{64}$/);
    expect(hashJoinCode(a, 'ABCDEFGH')).not.toBe(hashJoinCode(b, 'ABCDEFGH'));
  });
});

describe('device tokens', () => {
  it('are long, random and stored hashed', () => {
    const t = generateToken();
    expect(t).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(generateToken()).not.toBe(t);
    expect(hashToken(t)).toMatch(/^[0-9a-f]{64}$/);
  });

  it('are read only from a proper Bearer header', () => {
    const t = generateToken();
    expect(bearerToken(`Bearer ${t}`)).toBe(t);
    expect(bearerToken(`bearer  ${t}`)).toBe(t);
    expect(bearerToken(`Basic ${t}`)).toBeNull();
    expect(bearerToken('Bearer short')).toBeNull();
    expect(bearerToken('Bearer a b')).toBeNull();
    expect(bearerToken(undefined)).toBeNull();
  });
});

describe('failed attempt limiter', () => {
  it('answers wrong codes past the limit 429, slows that address, and forgives after the window', () => {
    let now = 1_000_000;
    const limiter = new FailedAttemptLimiter(3, 60_000, () => now, { delayBaseMs: 1_000, maxDelayMs: 8_000 });
    try {
      for (let i = 0; i < 3; i++) {
        expect(limiter.admit('10.0.0.1')).toEqual({ waitMs: 0, refusedForMs: 0 });
        expect(limiter.recordFailure('10.0.0.1')).toEqual({ retryAfterMs: 0 });
      }
      // Nothing is refused before its code is tried: a right code from here still redeems.
      expect(limiter.retryAfterMs('10.0.0.1')).toBe(0);
      // Locked: attempts are spaced one delay apart, however many arrive at once…
      expect(limiter.admit('10.0.0.1').waitMs).toBe(0);
      expect(limiter.admit('10.0.0.1').waitMs).toBe(1_000);
      expect(limiter.admit('10.0.0.1').waitMs).toBe(2_000);
      // …and a wrong one is answered 429, the delay doubling with every further failure.
      expect(limiter.recordFailure('10.0.0.1').retryAfterMs).toBe(3_000);
      now += 3_000;
      expect(limiter.recordFailure('10.0.0.1').retryAfterMs).toBe(4_000);
      expect(limiter.verdict('10.0.0.2')).toEqual({ retryAfterMs: 0 });
      expect(limiter.admit('10.0.0.2')).toEqual({ waitMs: 0, refusedForMs: 0 });
      // The lock holds for a window after the last failure, then the address is forgotten.
      now += 60_001;
      expect(limiter.verdict('10.0.0.1')).toEqual({ retryAfterMs: 0 });
      limiter.sweep();
      expect(limiter.size).toBe(0);
      expect(limiter.admit('10.0.0.1')).toEqual({ waitMs: 0, refusedForMs: 0 });
    } finally {
      limiter.close();
    }
  });

  it('refuses without trying an attempt that would wait too long', () => {
    const now = 1_000_000;
    const limiter = new FailedAttemptLimiter(1, 60_000, () => now, {
      delayBaseMs: 1_000,
      maxDelayMs: 1_000,
      maxWaitMs: 2_500,
    });
    try {
      limiter.recordFailure('10.0.0.1');
      expect([0, 1, 2].map(() => limiter.admit('10.0.0.1').waitMs)).toEqual([0, 1_000, 2_000]);
      expect(limiter.admit('10.0.0.1')).toEqual({ waitMs: 0, refusedForMs: 3_000 });
    } finally {
      limiter.close();
    }
  });

  it('slows only addresses that have failed once the room-wide budget is spent', () => {
    const now = 1_000_000;
    const limiter = new FailedAttemptLimiter(10, 60_000, () => now, { globalMax: 4, delayBaseMs: 500 });
    try {
      for (let i = 0; i < 4; i++) expect(limiter.recordFailure(`10.0.1.${i}`).retryAfterMs).toBe(0);
      expect(limiter.recordFailure('10.0.1.9').retryAfterMs).toBe(500);
      expect(limiter.admit('10.0.1.0').waitMs).toBe(500);
      expect(limiter.admit('10.0.1.1').waitMs).toBe(1_000);
      // A device that has not failed joins at once.
      expect(limiter.admit('10.0.2.1')).toEqual({ waitMs: 0, refusedForMs: 0 });
    } finally {
      limiter.close();
    }
  });
});
