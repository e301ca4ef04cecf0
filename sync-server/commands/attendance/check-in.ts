import { z } from 'zod';
import { because } from '#common/schemas/error-reasons';
import { IdSchema } from '#common/schemas/ids';
import { isPresentStatus } from '#common/schemas/session';
import { ConflictError } from '../../errors/domain-errors';
import { readQuorumState } from '../../session/quorum-state';
import { defineCommand } from '../command';
import { selfInMeeting } from './attendance-rules';

/** A participant checks themself in (điểm danh): present from now, with the time in the ledger. */
export const checkIn = defineCommand({
  name: 'attendance.check-in',
  input: z.strictObject({ meetingId: IdSchema }),
  durability: 'full',
  authorize: (actor, { meetingId }, { meetings }) => {
    meetings.get(meetingId);
    selfInMeeting(actor, meetingId);
  },
  run({ meetingId }, { tx, actor, session, attendance }) {
    const me = selfInMeeting(actor, meetingId);
    if (session.get(meetingId).state === 'ended') {
      throw new ConflictError('the session has ended', because('session_ended'));
    }
    const before = attendance.entry(me.id);
    const from = before?.status ?? 'absent';
    if (isPresentStatus(from)) throw new ConflictError('already present', because('already_present'));
    const entry = attendance.record(
      tx,
      me,
      { status: 'present', reason: '', proxyHolderId: before?.proxyHolderId ?? null },
      'check_in',
      me,
    );
    return {
      result: { entry, quorum: readQuorumState(tx.db, meetingId) },
      audit: {
        action: 'attendance.check-in',
        meetingId,
        payload: { participantId: me.id, from, to: 'present' },
      },
      effects: { live: { meetingId, sections: ['attendance'] } },
    };
  },
});
