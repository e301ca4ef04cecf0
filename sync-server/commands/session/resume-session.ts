import { z } from 'zod';
import { because } from '#common/schemas/error-reasons';
import { IdSchema } from '#common/schemas/ids';
import { ConflictError } from '../../errors/domain-errors';
import { defineCommand } from '../command';
import { requireRunning, requireSessionRunner } from './session-roles';

/** Resumes a paused session (tiếp tục). A speaker's timer stays paused: the chair resumes it. */
export const resumeSession = defineCommand({
  name: 'session.resume',
  input: z.strictObject({ meetingId: IdSchema }),
  authorize: (actor, { meetingId }, { meetings }) => {
    meetings.get(meetingId);
    requireSessionRunner(actor, meetingId);
  },
  run({ meetingId }, { tx, session }) {
    const before = session.get(meetingId);
    requireRunning(before);
    if (before.state !== 'paused' || before.pausedAt === null) {
      throw new ConflictError('the session is not paused', because('session_not_paused'));
    }
    const pausedSeconds = Math.max(0, (Date.parse(tx.now) - Date.parse(before.pausedAt)) / 1000);
    const after = session.setState(tx, meetingId, 'in_session', null);
    return {
      result: after,
      audit: { action: 'session.resume', meetingId, payload: { meetingId, pausedSeconds } },
      effects: { live: { meetingId, sections: ['session'] } },
    };
  },
});
