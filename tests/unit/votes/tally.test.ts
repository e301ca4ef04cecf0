import { describe, expect, it } from 'vitest';
import { HDND_RULE, type MajorityRule, motionOptions, type VoteOption } from '#common/schemas/vote';
import { percentOf, requiredVotes, tallyVote } from '#common/votes/tally';

const motion = motionOptions();

function tally(
  rule: MajorityRule,
  n: { members: number; present?: number; for: number; against?: number; abstain?: number },
  options: VoteOption[] = motion,
) {
  const present = n.present ?? n.members;
  return tallyVote({
    options,
    rule,
    members: n.members,
    present,
    eligible: present,
    counts: { for: n.for, against: n.against ?? 0, abstain: n.abstain ?? 0 },
  });
}

const castSimple: MajorityRule = { base: 'cast', threshold: 'simple', abstentions: 'exclude' };
const castSimpleWithAbstentions: MajorityRule = { base: 'cast', threshold: 'simple', abstentions: 'include' };
const presentSimple: MajorityRule = { base: 'present', threshold: 'simple', abstentions: 'include' };
const allTwoThirds: MajorityRule = { base: 'all', threshold: 'two_thirds', abstentions: 'include' };
const castTwoThirds: MajorityRule = { base: 'cast', threshold: 'two_thirds', abstentions: 'exclude' };

describe('the votes a rule requires', () => {
  it('more than half: ⌊N/2⌋ + 1, for N even and odd', () => {
    const simple = HDND_RULE;
    expect([1, 2, 3, 4, 50, 51, 494].map((n) => requiredVotes(simple, n))).toEqual([1, 2, 2, 3, 26, 26, 248]);
  });

  it('at least two thirds: ⌈2N/3⌉, on and around multiples of three', () => {
    expect([3, 4, 5, 6, 48, 49, 50, 51].map((n) => requiredVotes(allTwoThirds, n))).toEqual([
      2, 3, 4, 4, 32, 33, 34, 34,
    ]);
  });

  it('never fewer than one vote, so an empty base passes nothing', () => {
    expect(requiredVotes(allTwoThirds, 0)).toBe(1);
    expect(tally(castSimple, { members: 10, for: 0 }).passed).toBe(false);
  });
});

describe('the HĐND rule: votes for > N/2 of all seated members', () => {
  it('N even: exactly half fails, half plus one passes', () => {
    expect(tally(HDND_RULE, { members: 50, present: 50, for: 25, against: 25 }).passed).toBe(false);
    expect(tally(HDND_RULE, { members: 50, present: 50, for: 26, against: 24 }).passed).toBe(true);
  });

  it('N odd: 25 of 51 fails, 26 of 51 passes', () => {
    expect(tally(HDND_RULE, { members: 51, for: 25, against: 0 }).passed).toBe(false);
    expect(tally(HDND_RULE, { members: 51, for: 26, against: 0 }).passed).toBe(true);
  });

  it('absent members count against: a large majority of those present is not enough', () => {
    // 30 of 60 seated are present and all 30 vote for: 30 is not more than 60/2.
    const result = tally(HDND_RULE, { members: 60, present: 30, for: 30 });
    expect(result.base).toBe(60);
    expect(result.required).toBe(31);
    expect(result.passed).toBe(false);
  });
});

describe('majority of votes cast', () => {
  it('a tie fails', () => {
    const result = tally(castSimple, { members: 20, for: 8, against: 8, abstain: 4 });
    expect(result.base).toBe(16);
    expect(result.passed).toBe(false);
  });

  it('abstentions left out of the base: 9 for, 8 against, 3 abstaining passes', () => {
    const result = tally(castSimple, { members: 20, for: 9, against: 8, abstain: 3 });
    expect(result.base).toBe(17);
    expect(result.required).toBe(9);
    expect(result.passed).toBe(true);
  });

  it('abstentions counted as cast weigh like votes against: the same ballots fail', () => {
    const result = tally(castSimpleWithAbstentions, { members: 20, for: 9, against: 8, abstain: 3 });
    expect(result.base).toBe(20);
    expect(result.required).toBe(11);
    expect(result.passed).toBe(false);
  });

  it('two thirds of votes cast: 20 of 30 passes, 19 of 29 fails, 20 of 29 passes', () => {
    expect(tally(castTwoThirds, { members: 40, for: 20, against: 10 }).passed).toBe(true);
    expect(tally(castTwoThirds, { members: 40, for: 19, against: 10 }).passed).toBe(false);
    expect(tally(castTwoThirds, { members: 40, for: 20, against: 9 }).passed).toBe(true);
  });
});

describe('majority of members present', () => {
  it('counts those present when the vote opened, voting or not', () => {
    const result = tally(presentSimple, { members: 100, present: 80, for: 40, against: 5 });
    expect(result.base).toBe(80);
    expect(result.passed).toBe(false);
    expect(tally(presentSimple, { members: 100, present: 80, for: 41, against: 5 }).passed).toBe(true);
  });
});

describe('two thirds of all members', () => {
  it('N = 60: 40 passes, 39 fails; N = 61: 41 passes, 40 fails', () => {
    expect(tally(allTwoThirds, { members: 60, for: 40 }).passed).toBe(true);
    expect(tally(allTwoThirds, { members: 60, for: 39 }).passed).toBe(false);
    expect(tally(allTwoThirds, { members: 61, for: 41 }).passed).toBe(true);
    expect(tally(allTwoThirds, { members: 61, for: 40 }).passed).toBe(false);
  });
});

describe('alternatives', () => {
  const options: VoteOption[] = [
    { id: 'a', label: 'Phương án A', kind: 'choice' },
    { id: 'b', label: 'Phương án B', kind: 'choice' },
    { id: 'abstain', label: 'Không biểu quyết', kind: 'abstain' },
  ];
  it('the option with the majority wins; with none, nothing passes', () => {
    const won = tallyVote({
      options,
      rule: castSimple,
      members: 9,
      present: 9,
      eligible: 9,
      counts: { a: 5, b: 4 },
    });
    expect(won.winnerOptionId).toBe('a');
    expect(won.passed).toBe(true);
    const split = tallyVote({
      options,
      rule: castSimple,
      members: 9,
      present: 9,
      eligible: 9,
      counts: { a: 4, b: 4, abstain: 1 },
    });
    expect(split.winnerOptionId).toBeNull();
    expect(split.passed).toBe(false);
  });
});

describe('shares', () => {
  it('are percentages of all members and of those present, two decimals, rounded half up', () => {
    expect(percentOf(423, 494)).toBe(85.63);
    expect(percentOf(1, 8)).toBe(12.5);
    expect(percentOf(1, 3)).toBe(33.33);
    expect(percentOf(2, 3)).toBe(66.67);
    expect(percentOf(5, 0)).toBe(0);
    const result = tally(HDND_RULE, { members: 494, present: 470, for: 423, against: 30, abstain: 17 });
    expect(result.counts[0]).toMatchObject({ count: 423, percentOfMembers: 85.63, percentOfPresent: 90 });
    expect(result.cast).toBe(470);
    expect(result.winnerOptionId).toBe('for');
  });
});
