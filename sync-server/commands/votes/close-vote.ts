import { z } from 'zod';
import { because } from '#common/schemas/error-reasons';
import { IdSchema } from '#common/schemas/ids';
import type { TallyRecord, Vote } from '#common/schemas/vote';
import { tallyVote } from '#common/votes/tally';
import type { ParticipantStore } from '../../store/participant-store';
import type { VoteStore } from '../../store/vote-store';
import { defineCommand } from '../command';
import { refuse, requireChair, voteFor } from './vote-rules';

/** The kiểm phiếu record: eligible, cast, valid, per option; receipts (secret) or names (named). */
function tallyRecord(
  vote: Vote,
  counts: Readonly<Record<string, number>>,
  eligible: number,
  closedAt: string,
  votes: VoteStore,
  participants: ParticipantStore,
): TallyRecord {
  const perOption = vote.options.map((o) => ({ optionId: o.id, label: o.label, count: counts[o.id] ?? 0 }));
  const cast = perOption.reduce((sum, o) => sum + o.count, 0);
  const names: TallyRecord['names'] = [];
  if (vote.secrecy === 'named') {
    const choices = votes.openChoices(vote.id);
    for (const seat of votes.openedVote(vote.id)?.seats ?? []) {
      const optionId = choices.get(seat.memberId);
      if (optionId)
        names.push({ memberId: seat.memberId, name: participants.find(seat.memberId)?.name ?? '', optionId });
    }
  }
  return {
    voteId: vote.id,
    title: vote.title,
    secrecy: vote.secrecy,
    closedAt,
    eligible,
    ballotsCast: cast,
    // Every stored ballot names an option of the vote (checked when cast): all are valid.
    valid: cast,
    perOption,
    receipts: vote.secrecy === 'secret' ? votes.receipts(vote.id) : [],
    names,
  };
}

/**
 * Closes an open vote — the chair, or the server when the countdown ends — and counts it under
 * the rule and the numbers frozen at opening. The result goes into the vote, the audit log
 * (the counts as announced) and the live document; the kiểm phiếu record stays with the vote
 * for the minutes. After a secret vote, the caller scrubs the files (`scrubSecretBallots`).
 */
export const closeVote = defineCommand({
  name: 'vote.close',
  input: z.strictObject({ voteId: IdSchema, by: z.enum(['chair', 'timer']).default('chair') }),
  durability: 'full',
  authorize: (actor, { voteId }, stores) => requireChair(actor, voteFor(actor, voteId, stores).meetingId),
  run({ voteId, by }, { tx, votes, participants }) {
    const vote = votes.get(voteId);
    if (vote.status !== 'open') refuse(`the vote is ${vote.status}`, because('vote_not_open'));
    const opened = votes.openedVote(voteId)!;
    const counts = votes.counts(voteId, vote.secrecy);
    const result = tallyVote({
      options: vote.options,
      rule: vote.rule,
      members: opened.facts.members,
      present: opened.facts.present,
      eligible: opened.seats.length,
      counts,
    });
    const record = tallyRecord(vote, counts, opened.seats.length, tx.now, votes, participants);
    votes.close(tx, voteId, result, record);
    return {
      result: votes.get(voteId),
      audit: { action: 'vote.close', meetingId: vote.meetingId, payload: { voteId, closedBy: by, result } },
      effects: { live: { meetingId: vote.meetingId, sections: ['votes'] } },
    };
  },
});
