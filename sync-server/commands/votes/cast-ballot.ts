import { z } from 'zod';
import type { BallotAuditSchema } from '#common/audit/audit-actions';
import { because } from '#common/schemas/error-reasons';
import { IdSchema } from '#common/schemas/ids';
import { type BallotOutcome, CastBallotRequestSchema } from '#common/schemas/vote';
import { ConflictError, UnauthenticatedError } from '../../errors/domain-errors';
import type { FrozenSeat } from '../../store/vote-store';
import { defineCommand } from '../command';
import { refuse, voteFor } from './vote-rules';

/**
 * A ballot whose idempotency key was already answered: the caller gets the first outcome, and
 * nothing is written (the pipeline's savepoint undoes nothing because nothing was done). Routes
 * catch it and answer `outcome`.
 */
export class RepeatedBallot extends ConflictError {
  constructor(readonly outcome: BallotOutcome) {
    super('this ballot was already received');
  }
}

/**
 * The seat a ballot goes to: the one named (open and named votes, for a proxy holder), else the
 * caller's first seat that has not voted — their own first, then those they hold a proxy for.
 * `null` when every seat of theirs has voted.
 */
function seatFor(
  seats: readonly FrozenSeat[],
  callerId: string,
  voted: ReadonlySet<string>,
  memberId: string | undefined,
): FrozenSeat | null {
  if (memberId !== undefined) {
    const named = seats.find((s) => s.memberId === memberId);
    if (!named) refuse('that seat is not yours to vote', because('ballot_not_eligible'));
    return named;
  }
  const ordered = [...seats].sort(
    (a, b) => Number(b.memberId === callerId) - Number(a.memberId === callerId),
  );
  return ordered.find((s) => !voted.has(s.memberId)) ?? null;
}

/**
 * Casts (or, where the vote allows, changes) one ballot. Committed with `synchronous=FULL` and
 * answered only after that commit; routes `submit` it so that ballots arriving together share
 * one transaction and one fsync (group commit), each in its own savepoint.
 *
 * One ballot per seat is the primary key of `vote_voters`, written in the same transaction as
 * the ballot. For a secret vote the ballot row is (token, vote, choice) and the audit entry
 * says only that the seat took part; the token is never logged or answered.
 */
export const castBallot = defineCommand({
  name: 'vote.ballot',
  input: z.strictObject({ voteId: IdSchema, ballot: CastBallotRequestSchema }),
  durability: 'full',
  authorize: (actor, { voteId }, stores) => {
    voteFor(actor, voteId, stores);
    if (actor.kind !== 'device') throw new UnauthenticatedError('a ballot comes from a voter’s device');
  },
  run({ voteId, ballot }, { tx, votes, actor }) {
    if (actor.kind !== 'device') throw new UnauthenticatedError();
    const callerId = actor.participant.id;
    const vote = votes.get(voteId);
    const repeated = votes.findRequest(voteId, ballot.idempotencyKey);
    if (repeated) {
      if (repeated.holderId !== callerId) refuse('key used by another voter', because('ballot_key_reused'));
      throw new RepeatedBallot(repeated.outcome);
    }
    const late = vote.closesAt !== null && tx.now >= vote.closesAt;
    if (vote.status !== 'open' || late)
      refuse(`the vote is ${late ? 'past its end' : vote.status}`, because('vote_not_open'));
    const secret = vote.secrecy === 'secret';
    if (secret && ballot.memberId !== undefined) {
      refuse('a secret ballot carries no member id', because('ballot_secret_with_voter'));
    }
    if (secret && ballot.token === undefined)
      refuse('a secret ballot needs its token', because('ballot_token_missing'));
    if (!secret && (ballot.token !== undefined || ballot.replaces !== undefined)) {
      refuse('an open vote takes no token', because('ballot_token_unexpected'));
    }
    if (!vote.options.some((o) => o.id === ballot.optionId)) {
      refuse(`no option ${ballot.optionId}`, because('ballot_unknown_option', { optionId: ballot.optionId }));
    }
    const opened = votes.openedVote(voteId);
    const mine = opened?.byHolder.get(callerId) ?? [];
    if (mine.length === 0) refuse('not eligible in this vote', because('ballot_not_eligible'));
    const voted = new Set(mine.filter((s) => votes.hasVoted(voteId, s.memberId)).map((s) => s.memberId));
    const fresh = ballot.replaces === undefined ? seatFor(mine, callerId, voted, ballot.memberId) : null;
    const changing = fresh === null || voted.has(fresh.memberId);
    if (changing && !vote.allowChange) refuse('already voted', because('ballot_already_cast'));
    if (changing && secret && ballot.replaces === undefined) {
      // A secret ballot can be replaced only by naming its token: nothing else ties it to its voter.
      refuse('already voted', because('ballot_already_cast'));
    }
    const seat = fresh ?? mine.find((s) => voted.has(s.memberId));
    if (!seat) refuse('nothing to change yet', because('ballot_replaces_unknown'));

    const outcome: BallotOutcome = {
      voteId,
      memberId: seat.memberId,
      counted: true,
      changed: changing,
      ...(secret ? {} : { optionId: ballot.optionId }),
    };
    // The voter row first: an open ballot's row refers to it, and its key refuses a second ballot.
    if (changing) votes.recordChange(tx, voteId, seat, ballot.idempotencyKey, outcome);
    else votes.recordVoter(tx, voteId, seat, ballot.idempotencyKey, outcome);
    let audit: z.input<typeof BallotAuditSchema>;
    if (secret) {
      const token = ballot.token!;
      if (votes.hasToken(token)) refuse('token already used', because('ballot_token_used'));
      if (changing && !votes.dropSecretBallot(tx, voteId, ballot.replaces!)) {
        refuse('no ballot with that token', because('ballot_replaces_unknown'));
      }
      votes.putSecretBallot(tx, voteId, token, ballot.optionId);
      audit = { voteId, secrecy: 'secret', voterId: seat.memberId };
    } else {
      votes.putOpenBallot(tx, voteId, seat.memberId, ballot.optionId);
      audit = {
        voteId,
        secrecy: vote.secrecy === 'named' ? 'named' : 'open',
        voterId: seat.memberId,
        choice: ballot.optionId,
      };
    }
    return {
      result: outcome,
      // No live effect: the route reports the ballot to `VoteProgress`, which coalesces the count.
      audit: { action: 'vote.ballot', meetingId: vote.meetingId, payload: audit },
    };
  },
});
