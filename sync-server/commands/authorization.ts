import { belongsToMeeting, requireManager } from '../auth/access';
import { NotFoundError, UnauthenticatedError } from '../errors/domain-errors';
import type { Actor } from './command';

/**
 * The rules commands authorise with. The server itself (`system`) may do anything; someone
 * who has not joined may do nothing but join.
 */

/** The actor must manage the meeting (its secretariat, or room staff); `null`: room-level work. */
export function requireManagerOf(actor: Actor, meetingId: string | null): void {
  if (actor.kind === 'system') return;
  if (actor.kind === 'anonymous') throw new UnauthenticatedError();
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
