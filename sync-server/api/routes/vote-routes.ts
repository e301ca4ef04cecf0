import type { FastifyInstance } from 'fastify';
import { ROUTES } from '#common/http/route-table';
import { because } from '#common/schemas/error-reasons';
import { requireMemberOf } from '../../commands/authorization';
import type { Actor } from '../../commands/command';
import { castBallot, RepeatedBallot } from '../../commands/votes/cast-ballot';
import { createVote } from '../../commands/votes/create-vote';
import { openVote } from '../../commands/votes/open-vote';
import { rerunVote } from '../../commands/votes/rerun-vote';
import { setVoteLabels } from '../../commands/votes/set-vote-labels';
import { requireChairOrSecretariat, voteFor } from '../../commands/votes/vote-rules';
import { ConflictError } from '../../errors/domain-errors';
import type { RoomContext } from '../context';
import { requireAuth } from '../context';
import { type RegisterOptions, registerRoute } from '../register-route';

/** Votes and ballots: routes parse, call a command (or read the store) and answer. */
export function registerVoteRoutes(app: FastifyInstance, ctx: RoomContext, opts: RegisterOptions): void {
  const run = ctx.commands;

  registerRoute(
    app,
    ROUTES.listVotes,
    ({ actor, params: { meetingId } }) => {
      requireMemberOf(actor, meetingId);
      return { votes: ctx.votes.list(meetingId) };
    },
    opts,
  );

  registerRoute(
    app,
    ROUTES.createVote,
    ({ actor, params: { meetingId }, body }) => ({
      vote: run.execute(createVote, actor, { meetingId, vote: body }),
    }),
    opts,
  );

  registerRoute(
    app,
    ROUTES.getVoteLabels,
    ({ actor, params: { meetingId } }) => {
      requireMemberOf(actor, meetingId);
      return { labels: ctx.votes.labels(meetingId) };
    },
    opts,
  );

  registerRoute(
    app,
    ROUTES.setVoteLabels,
    ({ actor, params: { meetingId }, body }) => ({
      labels: run.execute(setVoteLabels, actor, { meetingId, labels: body }),
    }),
    opts,
  );

  registerRoute(
    app,
    ROUTES.getVote,
    ({ actor, params: { voteId } }) => ({ vote: voteFor(actor, voteId, ctx) }),
    opts,
  );

  registerRoute(
    app,
    ROUTES.openVote,
    ({ actor, params: { voteId } }) => {
      const vote = run.execute(openVote, actor, { voteId });
      ctx.voteDeadlines.arm(vote.id, vote.closesAt);
      return { vote };
    },
    opts,
  );

  registerRoute(
    app,
    ROUTES.closeVote,
    ({ actor, params: { voteId } }) => ({ vote: ctx.voteDeadlines.close(actor, voteId) }),
    opts,
  );

  registerRoute(
    app,
    ROUTES.cancelVote,
    ({ actor, params: { voteId } }) => ({ vote: ctx.voteDeadlines.cancel(actor, voteId) }),
    opts,
  );

  registerRoute(
    app,
    ROUTES.rerunVote,
    ({ actor, params: { voteId } }) => ({ vote: run.execute(rerunVote, actor, { voteId }) }),
    opts,
  );

  registerRoute(
    app,
    ROUTES.castBallot,
    async ({ raw, actor, params: { voteId }, body }) => {
      // A retry of an answered ballot needs no transaction: answer the first outcome as it was.
      const first = ctx.votes.findRequest(voteId, body.idempotencyKey);
      if (first && first.holderId === requireAuth(raw).participant.id) return first.outcome;
      try {
        const outcome = await run.submit(castBallot, actor, { voteId, ballot: body });
        ctx.voteProgress.ballotCounted(ctx.votes.meetingOf(voteId) ?? '');
        return outcome;
      } catch (err) {
        // Two copies of one ballot in the same group commit: the second finds the first's answer.
        if (err instanceof RepeatedBallot) return err.outcome;
        throw err;
      }
    },
    opts,
  );

  registerRoute(
    app,
    ROUTES.ballotStatus,
    ({ raw, actor, params: { voteId }, query }) => {
      const vote = voteFor(actor, voteId, ctx);
      if (query.receipt !== undefined) {
        const counted = ctx.votes.receipts(vote.id).some((r) => r.receipt === query.receipt);
        return { voteId, counted };
      }
      const key = query.idempotencyKey!;
      const first = ctx.votes.findRequest(voteId, key);
      // Another voter's key reads as never received: keys are the caller's own.
      if (!first || first.holderId !== requireAuth(raw).participant.id) return { voteId, counted: false };
      const counted = ctx.votes.currentKeyOf(voteId, first.outcome.memberId) === key;
      return counted ? { voteId, counted, outcome: first.outcome } : { voteId, counted };
    },
    opts,
  );

  registerRoute(
    app,
    ROUTES.voteTurnout,
    ({ actor, params: { voteId } }) => {
      const vote = voteFor(actor, voteId, ctx);
      requireChairOrSecretariatOrSecretary(actor, vote.meetingId);
      const seats = ctx.votes.openedVote(voteId)?.seats ?? [];
      const voted = ctx.votes.votedMembers(voteId);
      const named = seats.map((s) => ({
        memberId: s.memberId,
        holderId: s.holderId,
        name: ctx.participants.find(s.memberId)?.name ?? '',
      }));
      return {
        voteId,
        eligible: seats.length,
        voted: named.filter((s) => voted.has(s.memberId)),
        notVoted: named.filter((s) => !voted.has(s.memberId)),
      };
    },
    opts,
  );

  registerRoute(
    app,
    ROUTES.voteRecord,
    ({ actor, params: { voteId } }) => {
      voteFor(actor, voteId, ctx);
      const record = ctx.votes.record(voteId);
      if (!record) throw new ConflictError('the vote has not closed', because('vote_not_closed'));
      return { record };
    },
    opts,
  );
}

/** The chair, the secretary or the secretariat (the route table's roles) of this meeting. */
function requireChairOrSecretariatOrSecretary(actor: Actor, meetingId: string): void {
  if (actor.kind === 'device' && actor.participant.role === 'secretary') requireMemberOf(actor, meetingId);
  else requireChairOrSecretariat(actor, meetingId);
}
