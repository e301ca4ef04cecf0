import { z } from 'zod';
import type { ErrorReason } from '#common/schemas/error-reasons';
import { IdSchema } from '#common/schemas/ids';
import { isPresentStatus, MEMBER_ROLES } from '#common/schemas/session';
import { ConflictError } from '../../errors/domain-errors';
import { readQuorumState } from '../../session/quorum-state';
import { defineCommand } from '../command';
import { requireAttendanceKeeper } from '../session/session-roles';
import { participantOf, recorder } from './attendance-rules';

const refuse = (reason: ErrorReason, message: string) => new ConflictError(message, { reason, params: {} });

/**
 * Records (or clears) who holds an absent member's proxy (ủy quyền), where the meeting allows
 * proxies. Both must be voting members; the holder must be present; no chains (the holder has
 * not given their own proxy, the member holds nobody's).
 */
export const setProxy = defineCommand({
  name: 'attendance.proxy',
  input: z.strictObject({ meetingId: IdSchema, participantId: IdSchema, holderId: IdSchema.nullable() }),
  durability: 'full',
  authorize: (actor, { meetingId, participantId, holderId }, { meetings, participants }) => {
    meetings.get(meetingId);
    requireAttendanceKeeper(actor, meetingId);
    participantOf(participants, meetingId, participantId);
    if (holderId !== null) participantOf(participants, meetingId, holderId);
  },
  run({ meetingId, participantId, holderId }, { tx, actor, participants, attendance, session }) {
    const member = participantOf(participants, meetingId, participantId);
    const before = attendance.entry(member.id);
    const from = before?.proxyHolderId ?? null;
    if (from === holderId) throw refuse('proxy_unchanged', 'the proxy did not change');
    if (holderId !== null) {
      const holder = participantOf(participants, meetingId, holderId);
      if (!session.rules(meetingId).proxiesAllowed)
        throw refuse('proxy_not_allowed', 'this meeting allows no proxies');
      if (holder.id === member.id) throw refuse('proxy_self', 'a member cannot hold their own proxy');
      if (!MEMBER_ROLES.includes(member.role) || !MEMBER_ROLES.includes(holder.role)) {
        throw refuse('proxy_not_member', 'only voting members give or hold proxies');
      }
      if (isPresentStatus(before?.status ?? 'absent')) {
        throw refuse('proxy_member_present', 'a present member votes in person');
      }
      const holderEntry = attendance.entry(holder.id);
      if (holderEntry?.proxyHolderId || attendance.proxiesHeldBy(member.id).length > 0) {
        throw refuse('proxy_chain', 'a proxy cannot be passed on');
      }
      if (!isPresentStatus(holderEntry?.status ?? 'absent')) {
        throw refuse('proxy_holder_absent', 'the proxy holder must be present');
      }
    }
    const entry = attendance.record(
      tx,
      member,
      { status: before?.status ?? 'absent', reason: before?.reason ?? '', proxyHolderId: holderId },
      'proxy',
      recorder(actor),
    );
    return {
      result: { entry, quorum: readQuorumState(tx.db, meetingId) },
      audit: { action: 'attendance.proxy', meetingId, payload: { participantId, from, to: holderId } },
      effects: { live: { meetingId, sections: ['attendance'] } },
    };
  },
});
