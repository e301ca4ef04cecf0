import { z } from 'zod';
import { because } from '#common/schemas/error-reasons';
import { IdSchema } from '#common/schemas/ids';
import { isPresentStatus } from '#common/schemas/session';
import { ConflictError } from '../../errors/domain-errors';
import { readQuorumState } from '../../session/quorum-state';
import { defineCommand } from '../command';
import { selfInMeeting } from './attendance-rules';

/**
 * A participant leaves: `left_early` once the session has started (the ledger keeps the time),
 * back to `absent` before it.
 */
export const checkOut = defineCommand({
  name: 'attendance.check-out',
  input: z.strictObject({ meetingId: IdSchema }),
  durability: 'full',
  authorize: (actor, { meetingId }, { meetings }) => {
    meetings.get(meetingId);
    selfInMeeting(actor, meetingId);
  },
  run({ meetingId }, { tx, actor, session, attendance }) {
    const me = selfInMeeting(actor, meetingId);
    const state = session.get(meetingId).state;
    if (state === 'ended') throw new ConflictError('the session has ended', because('session_ended'));
    const before = attendance.entry(me.id);
    const from = before?.status ?? 'absent';
    if (!isPresentStatus(from)) throw new ConflictError('not present', because('not_present'));
    const to = state === 'not_started' ? 'absent' : 'left_early';
    const entry = attendance.record(
      tx,
      me,
      { status: to, reason: '', proxyHolderId: before?.proxyHolderId ?? null },
      'check_out',
      me,
    );
    return {
      result: { entry, quorum: readQuorumState(tx.db, meetingId) },
      audit: { action: 'attendance.check-out', meetingId, payload: { participantId: me.id, from, to } },
      effects: { live: { meetingId, sections: ['attendance'] } },
    };
  },
});
