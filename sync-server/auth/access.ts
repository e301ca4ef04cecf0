import type { Participant } from '#common/schemas/participant';
import type { Role } from '#common/schemas/roles';
import { ForbiddenError } from '../errors/domain-errors';

/** Room staff: the secretariat account that is not tied to one meeting. */
export function isRoomStaff(p: Participant): boolean {
  return p.meetingId === null && p.role === 'secretariat';
}

/** Whether the participant belongs to the meeting (staff belong to every meeting). */
export function belongsToMeeting(p: Participant, meetingId: string): boolean {
  return isRoomStaff(p) || p.meetingId === meetingId;
}

/** Throws unless the participant holds one of the roles (staff count as secretariat). */
export function requireRole(p: Participant, roles: readonly Role[]): void {
  if (!roles.includes(p.role)) throw new ForbiddenError();
}

/** Throws unless the participant may manage this meeting (secretariat of it, or staff). */
export function requireManager(p: Participant, meetingId: string | null): void {
  if (p.role !== 'secretariat') throw new ForbiddenError();
  if (!isRoomStaff(p) && p.meetingId !== meetingId) throw new ForbiddenError();
}
