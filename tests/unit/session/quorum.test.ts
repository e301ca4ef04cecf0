import { describe, expect, it } from 'vitest';
import { type QuorumRule, QuorumRuleSchema, quorumRequired } from '#common/schemas/session';

const MORE_THAN_HALF: QuorumRule = { kind: 'more_than_half' };
const TWO_THIRDS: QuorumRule = { kind: 'two_thirds' };

/** The smallest present count that meets the rule, found by trying every count: the definition itself. */
function bruteForce(rule: QuorumRule, members: number): number {
  for (let present = 1; present <= 100_000; present++) {
    const ok =
      rule.kind === 'more_than_half'
        ? 2 * present > members
        : rule.kind === 'two_thirds'
          ? 3 * present >= 2 * members
          : present >= rule.count;
    if (ok) return present;
  }
  throw new Error('no count meets the rule');
}

describe('quorum arithmetic', () => {
  it('more than half: present > N/2', () => {
    expect(quorumRequired(MORE_THAN_HALF, 35)).toBe(18);
    expect(quorumRequired(MORE_THAN_HALF, 34)).toBe(18); // 17 is exactly half: not more
    expect(quorumRequired(MORE_THAN_HALF, 31)).toBe(16);
    expect(quorumRequired(MORE_THAN_HALF, 2)).toBe(2);
    expect(quorumRequired(MORE_THAN_HALF, 1)).toBe(1);
  });

  it('two thirds: present ≥ ⌈2N/3⌉', () => {
    expect(quorumRequired(TWO_THIRDS, 30)).toBe(20); // exactly two thirds is enough
    expect(quorumRequired(TWO_THIRDS, 31)).toBe(21); // 20.67 → 21
    expect(quorumRequired(TWO_THIRDS, 32)).toBe(22); // 21.33 → 22
    expect(quorumRequired(TWO_THIRDS, 3)).toBe(2);
    expect(quorumRequired(TWO_THIRDS, 1)).toBe(1);
  });

  it('a fixed number, whatever the members', () => {
    expect(quorumRequired({ kind: 'fixed', count: 12 }, 35)).toBe(12);
    expect(quorumRequired({ kind: 'fixed', count: 40 }, 35)).toBe(40);
  });

  it('needs at least one member present when the meeting has none', () => {
    expect(quorumRequired(MORE_THAN_HALF, 0)).toBe(1);
    expect(quorumRequired(TWO_THIRDS, 0)).toBe(1);
  });

  it('matches the definitions for every N up to 1,000 (even and odd), in integers only', () => {
    for (let n = 1; n <= 1000; n++) {
      for (const rule of [MORE_THAN_HALF, TWO_THIRDS]) {
        const required = quorumRequired(rule, n);
        expect(required, `${rule.kind} of ${n}`).toBe(bruteForce(rule, n));
        expect(Number.isInteger(required)).toBe(true);
      }
    }
  });

  it('refuses a fixed rule without a positive count', () => {
    expect(QuorumRuleSchema.safeParse({ kind: 'fixed', count: 0 }).success).toBe(false);
    expect(QuorumRuleSchema.safeParse({ kind: 'fixed' }).success).toBe(false);
    expect(QuorumRuleSchema.safeParse({ kind: 'half' }).success).toBe(false);
    expect(QuorumRuleSchema.safeParse({ kind: 'more_than_half', count: 3 }).success).toBe(false);
  });
});
