import type { Participant } from '#common/schemas/participant';
import { belongsToMeeting } from '../../auth/access';
import { NotFoundError, UnauthenticatedError } from '../../errors/domain-errors';
import type { ParticipantStore } from '../../store/participant-store';
import type { Actor } from '../command';
import { forbidden } from '../session/session-roles';

/**
 * The participant checking themself in or out: a device of this meeting. Room staff belong to
 * every meeting but attend none (403 `attendance_staff`); the server itself has no self.
 */
export function selfInMeeting(actor: Actor, meetingId: string): Participant {
  if (actor.kind === 'anonymous') throw new UnauthenticatedError();
  if (actor.kind === 'system') throw forbidden('not_yourself');
  if (!belongsToMeeting(actor.participant, meetingId)) throw new NotFoundError('meeting not found');
  if (actor.participant.meetingId !== meetingId) throw forbidden('attendance_staff');
  return actor.participant;
}

/** A participant of this meeting; 404 (as for an unknown id) for anyone else's. */
export function participantOf(
  participants: ParticipantStore,
  meetingId: string,
  participantId: string,
): Participant {
  const p = participants.find(participantId);
  if (!p || p.meetingId !== meetingId) throw new NotFoundError('participant not found');
  return p;
}

/** Who recorded a change, for the ledger (null: the server). */
export function recorder(actor: Actor): Participant | null {
  return actor.kind === 'device' ? actor.participant : null;
}
