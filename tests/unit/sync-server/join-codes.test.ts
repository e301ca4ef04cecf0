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
  it('blocks after the limit within the window and forgives after it', () => {
    let now = 1_000_000;
    const limiter = new FailedAttemptLimiter(3, 60_000, () => now);
    for (let i = 0; i < 3; i++) {
      expect(limiter.retryAfterMs('10.0.0.1')).toBe(0);
      limiter.recordFailure('10.0.0.1');
    }
    expect(limiter.retryAfterMs('10.0.0.1')).toBe(60_000);
    expect(limiter.retryAfterMs('10.0.0.2')).toBe(0);
    now += 30_000;
    expect(limiter.retryAfterMs('10.0.0.1')).toBe(30_000);
    now += 30_001;
    expect(limiter.retryAfterMs('10.0.0.1')).toBe(0);
  });
});
