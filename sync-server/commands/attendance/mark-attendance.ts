import { z } from 'zod';
import { because } from '#common/schemas/error-reasons';
import { IdSchema } from '#common/schemas/ids';
import { MarkAttendanceRequestSchema } from '#common/schemas/session';
import { ConflictError, DomainError } from '../../errors/domain-errors';
import { readQuorumState } from '../../session/quorum-state';
import { defineCommand } from '../command';
import { requireAttendanceKeeper } from '../session/session-roles';
import { participantOf, recorder } from './attendance-rules';

/**
 * The secretary marks a participant present, absent, excused (with the reason), late or left
 * early. Corrections after the end are allowed: the ledger keeps both lines with their times.
 */
export const markAttendance = defineCommand({
  name: 'attendance.mark',
  input: z.strictObject({ meetingId: IdSchema, participantId: IdSchema, mark: MarkAttendanceRequestSchema }),
  durability: 'full',
  authorize: (actor, { meetingId, participantId }, { meetings, participants }) => {
    meetings.get(meetingId);
    requireAttendanceKeeper(actor, meetingId);
    participantOf(participants, meetingId, participantId);
  },
  run({ meetingId, participantId, mark }, { tx, actor, participants, attendance }) {
    const who = participantOf(participants, meetingId, participantId);
    if (mark.status === 'excused' && mark.reason === '') {
      const why = because('excused_needs_reason');
      throw new DomainError(
        'validation_failed',
        'an excused absence needs a reason',
        [{ path: 'reason', message: 'an excused absence needs a reason', ...why }],
        why,
      );
    }
    const before = attendance.entry(who.id);
    const from = before?.status ?? 'absent';
    if (from === mark.status && (before?.reason ?? '') === mark.reason) {
      throw new ConflictError('the attendance did not change', because('attendance_unchanged'));
    }
    const entry = attendance.record(
      tx,
      who,
      { status: mark.status, reason: mark.reason, proxyHolderId: before?.proxyHolderId ?? null },
      'mark',
      recorder(actor),
    );
    return {
      result: { entry, quorum: readQuorumState(tx.db, meetingId) },
      audit: {
        action: 'attendance.mark',
        meetingId,
        payload: { participantId, from, to: mark.status, reason: mark.reason },
      },
      effects: { live: { meetingId, sections: ['attendance'] } },
    };
  },
});
