import { because } from '#common/schemas/error-reasons';
import type { ReasonRef } from '#common/schemas/error-reasons';
import type { Vote } from '#common/schemas/vote';
import { belongsToMeeting } from '../../auth/access';
import { ConflictError, DomainError, NotFoundError, UnauthenticatedError } from '../../errors/domain-errors';
import type { Actor, CommandStores } from '../command';

/**
 * Who may run what on votes. The chair of the meeting runs them (the server too: the countdown
 * closes them); the secretariat may prepare drafts. Someone outside the meeting is told the vote
 * does not exist, like every other "not yours".
 */

/** The vote, if the actor belongs to its meeting; else the same 404 as for an unknown id. */
export function voteFor(actor: Actor, voteId: string, stores: CommandStores): Vote {
  const vote = stores.votes.find(voteId);
  if (!vote) throw new NotFoundError('vote not found');
  if (actor.kind === 'anonymous') throw new UnauthenticatedError();
  if (actor.kind === 'device' && !belongsToMeeting(actor.participant, vote.meetingId)) {
    throw new NotFoundError('vote not found');
  }
  return vote;
}

/** The actor must be the meeting's chair (or the server itself). */
export function requireChair(actor: Actor, meetingId: string): void {
  if (actor.kind === 'system') return;
  if (actor.kind === 'anonymous') throw new UnauthenticatedError();
  if (!belongsToMeeting(actor.participant, meetingId)) throw new NotFoundError('meeting not found');
  if (actor.participant.role !== 'chair') {
    throw new DomainError('forbidden', 'only the chair may do this', undefined, because('vote_chair_only'));
  }
}

/** The actor must be the meeting's chair or its secretariat (drafts, labels). */
export function requireChairOrSecretariat(actor: Actor, meetingId: string): void {
  if (actor.kind === 'device' && actor.participant.role === 'secretariat') {
    if (!belongsToMeeting(actor.participant, meetingId)) throw new NotFoundError('meeting not found');
    return;
  }
  requireChair(actor, meetingId);
}

/** A refusal of a vote's state or a ballot (409 with its reason). */
export function refuse(message: string, why: ReasonRef): never {
  throw new ConflictError(message, why);
}
