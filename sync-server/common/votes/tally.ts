import type { MajorityRule, OptionCount, VoteOption, VoteResult } from '../schemas/vote';

/** The numbers frozen when a vote opened, and the ballots counted per option id. */
export interface TallyInput {
  readonly options: readonly VoteOption[];
  readonly rule: MajorityRule;
  /** Seated voting members. */
  readonly members: number;
  /** Members present when the vote opened. */
  readonly present: number;
  /** Seats that could vote. */
  readonly eligible: number;
  /** Ballots per option id (an option nobody chose may be missing). */
  readonly counts: Readonly<Record<string, number>>;
}

/**
 * A share in percent rounded half up to two decimals, as councils announce it (85,63%). The
 * numerator is scaled before dividing, so exact halves (1/8 = 12,5%) are not lost to binary
 * fractions; 0 of 0 is 0.
 */
export function percentOf(count: number, total: number): number {
  if (total <= 0) return 0;
  return Math.round((count * 10_000) / total) / 100;
}

/**
 * What the votes for are measured against: all seated members, those present at opening, or the
 * ballots cast — with or without abstentions, as the rule says.
 */
export function ruleBase(rule: MajorityRule, input: Omit<TallyInput, 'rule'>): number {
  switch (rule.base) {
    case 'all':
      return input.members;
    case 'present':
      return input.present;
    case 'cast': {
      let cast = 0;
      for (const option of input.options) {
        if (rule.abstentions === 'exclude' && option.kind === 'abstain') continue;
        cast += input.counts[option.id] ?? 0;
      }
      return cast;
    }
    default:
      throw new Error(`unknown majority base ${String((rule as { base: unknown }).base)}`);
  }
}

/**
 * The fewest votes that pass: more than half (⌊base/2⌋ + 1: 26 of 50, 26 of 51) or at least two
 * thirds (⌈2·base/3⌉: 32 of 48, 33 of 49, 34 of 50, 34 of 51). Never below 1, so
 * nothing passes with no votes at all.
 */
export function requiredVotes(rule: MajorityRule, base: number): number {
  const needed = rule.threshold === 'simple' ? Math.floor(base / 2) + 1 : Math.ceil((2 * base) / 3);
  return Math.max(1, needed);
}

/**
 * Counts a closed vote: every option's count and its share of all members and of those present,
 * the rule's base and the votes it requires, and the verdict. A motion passes when its `for`
 * option reaches the requirement; among alternatives the one that reaches it wins (at most one
 * can: more than half, or two thirds, of one base).
 */
export function tallyVote(input: TallyInput): VoteResult {
  const counts: OptionCount[] = input.options.map((option) => {
    const count = input.counts[option.id] ?? 0;
    return {
      optionId: option.id,
      label: option.label,
      kind: option.kind,
      count,
      percentOfMembers: percentOf(count, input.members),
      percentOfPresent: percentOf(count, input.present),
    };
  });
  const cast = counts.reduce((sum, c) => sum + c.count, 0);
  const base = ruleBase(input.rule, input);
  const required = requiredVotes(input.rule, base);
  const contenders = counts.filter((c) => c.kind === 'for' || c.kind === 'choice');
  const winner = contenders.find((c) => c.count >= required) ?? null;
  return {
    rule: input.rule,
    members: input.members,
    present: input.present,
    eligible: input.eligible,
    cast,
    counts,
    base,
    required,
    passed: winner !== null,
    winnerOptionId: winner?.optionId ?? null,
  };
}
