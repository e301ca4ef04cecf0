import type { ErrorReason } from '#common/schemas/error-reasons';
import { because } from '#common/schemas/error-reasons';
import type { Role } from '#common/schemas/roles';
import { ATTENDANCE_KEEPERS, SESSION_RUNNERS, type Session } from '#common/schemas/session';
import { belongsToMeeting } from '../../auth/access';
import { ConflictError, DomainError, NotFoundError, UnauthenticatedError } from '../../errors/domain-errors';
import type { Actor } from '../command';

/**
 * 403 with the reason saying who may (a reason without parameters). Unlike the route table's
 * role check, which answers a bare 403, these refusals tell the client what to say.
 */
export function forbidden(reason: ErrorReason): DomainError {
  return new DomainError('forbidden', `refused: ${reason}`, undefined, { reason, params: {} });
}

function requireRoleIn(actor: Actor, meetingId: string, roles: readonly Role[], reason: ErrorReason): void {
  if (actor.kind === 'system') return;
  if (actor.kind === 'anonymous') throw new UnauthenticatedError();
  if (!belongsToMeeting(actor.participant, meetingId)) throw new NotFoundError('meeting not found');
  if (!roles.includes(actor.participant.role)) throw forbidden(reason);
}

/** The chair (or the secretariat) runs the session; others of the meeting get 403 `chair_only`. */
export function requireSessionRunner(actor: Actor, meetingId: string): void {
  requireRoleIn(actor, meetingId, SESSION_RUNNERS, 'chair_only');
}

/** The secretary, the secretariat or the chair keep attendance; others get 403 `attendance_keepers_only`. */
export function requireAttendanceKeeper(actor: Actor, meetingId: string): void {
  requireRoleIn(actor, meetingId, ATTENDANCE_KEEPERS, 'attendance_keepers_only');
}

/** Whether the actor may run the session (used where a rule is "yourself, or the chair"). */
export function isSessionRunner(actor: Actor): boolean {
  return (
    actor.kind === 'system' || (actor.kind === 'device' && SESSION_RUNNERS.includes(actor.participant.role))
  );
}

/** The session must be running (in session or paused); else 409 with why not. */
export function requireRunning(session: Session): void {
  if (session.state === 'not_started')
    throw new ConflictError('the session has not started', because('session_not_started'));
  if (session.state === 'ended') throw new ConflictError('the session has ended', because('session_ended'));
}

/** The session must be in session, not paused. */
export function requireInSession(session: Session): void {
  requireRunning(session);
  if (session.state === 'paused') throw new ConflictError('the session is paused', because('session_paused'));
}
