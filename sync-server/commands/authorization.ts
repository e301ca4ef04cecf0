import { belongsToMeeting, requireManager } from '../auth/access';
import { NotFoundError, UnauthenticatedError } from '../errors/domain-errors';
import type { Actor } from './command';

/**
 * The rules commands authorise with. The server itself (`system`) may do anything; someone
 * who has not joined may do nothing but join.
 *
 * "Not yours" is never 403: someone outside a meeting is told that what they named does not
 * exist, exactly as for an id nothing has, so no answer reveals what other meetings hold. 403
 * is kept for those who may know the thing exists but may not do this to it (a delegate of the
 * meeting calling a secretariat's command) and for room-level work (creating a meeting), where
 * no id is involved. The HTTP layer checks every id of a route's path the same way before any
 * command runs (`api/id-scope.ts`), with the message of the thing the path names.
 */

/**
 * The actor must manage the meeting (its secretariat, or room staff); `null`: room-level work.
 * An actor outside the meeting gets 404 with `notFound` — pass the message the caller's own
 * lookup gives for an unknown id (`'agenda item not found'` for an item's meeting), so both
 * answers are one.
 */
export function requireManagerOf(
  actor: Actor,
  meetingId: string | null,
  notFound = 'meeting not found',
): void {
  if (actor.kind === 'system') return;
  if (actor.kind === 'anonymous') throw new UnauthenticatedError();
  const outside = meetingId !== null && !belongsToMeeting(actor.participant, meetingId);
  if (outside) throw new NotFoundError(notFound);
  requireManager(actor.participant, meetingId);
}

/** The actor must belong to the meeting; others are told it does not exist. */
export function requireMemberOf(actor: Actor, meetingId: string): void {
  if (actor.kind === 'system') return;
  if (actor.kind === 'anonymous') throw new UnauthenticatedError();
  if (!belongsToMeeting(actor.participant, meetingId)) throw new NotFoundError('meeting not found');
}

/** The participant id an audit entry names as the actor (null for the server and strangers). */
export function auditActorId(actor: Actor): string | null {
  return actor.kind === 'device' ? actor.participant.id : null;
}
