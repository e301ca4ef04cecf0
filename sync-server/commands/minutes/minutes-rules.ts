import type { MinutesState } from '#common/schemas/minutes';
import { MINUTES_WRITERS, type Role } from '#common/schemas/roles';
import { because } from '#common/schemas/error-reasons';
import { belongsToMeeting } from '../../auth/access';
import { ConflictError, NotFoundError, UnauthenticatedError } from '../../errors/domain-errors';
import type { Actor } from '../command';
import { forbidden } from '../session/session-roles';

/** Who finalises and publishes the minutes. */
export const MINUTES_CHAIRS: readonly Role[] = ['chair'];
/** Who adds an addendum to finalised minutes. */
export const ADDENDUM_WRITERS: readonly Role[] = ['chair', 'secretary'];

function requireRole(actor: Actor, meetingId: string, roles: readonly Role[], chairOnly: boolean): void {
  if (actor.kind === 'system') return;
  if (actor.kind === 'anonymous') throw new UnauthenticatedError();
  if (!belongsToMeeting(actor.participant, meetingId)) throw new NotFoundError('meeting not found');
  if (!roles.includes(actor.participant.role)) {
    throw forbidden(chairOnly ? 'minutes_chair_only' : 'minutes_secretary_only');
  }
}

/** The secretary writes the draft (record blocks too); others of the meeting get 403. */
export const requireMinutesWriter = (actor: Actor, meetingId: string) =>
  requireRole(actor, meetingId, MINUTES_WRITERS, false);
export const requireMinutesChair = (actor: Actor, meetingId: string) =>
  requireRole(actor, meetingId, MINUTES_CHAIRS, true);
export const requireAddendumWriter = (actor: Actor, meetingId: string) =>
  requireRole(actor, meetingId, ADDENDUM_WRITERS, false);

/** The draft may change only while it is one; a frozen text takes an addendum instead. */
export function requireDraft(state: MinutesState): void {
  if (state !== 'draft')
    throw new ConflictError('the minutes are final: add an addendum', because('minutes_final'));
}

export function requireFinal(state: MinutesState): void {
  if (state === 'draft')
    throw new ConflictError('the minutes are not final yet', because('minutes_not_final'));
}
