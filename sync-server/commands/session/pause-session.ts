import { z } from 'zod';
import { because } from '#common/schemas/error-reasons';
import { IdSchema } from '#common/schemas/ids';
import { ConflictError } from '../../errors/domain-errors';
import { defineCommand } from '../command';
import { requireRunning, requireSessionRunner } from './session-roles';

/** Pauses the session (tạm dừng); a running speaker's timer stops with it and stays stopped until the chair resumes it. */
export const pauseSession = defineCommand({
  name: 'session.pause',
  input: z.strictObject({ meetingId: IdSchema }),
  authorize: (actor, { meetingId }, { meetings }) => {
    meetings.get(meetingId);
    requireSessionRunner(actor, meetingId);
  },
  run({ meetingId }, { tx, session, speakers }) {
    const before = session.get(meetingId);
    requireRunning(before);
    if (before.state === 'paused')
      throw new ConflictError('the session is already paused', because('session_paused'));
    const speaking = speakers.current(meetingId);
    const pausedSpeaker = speaking && speaking.timer?.pausedAt === null ? speaking : null;
    if (pausedSpeaker) speakers.pauseTimer(tx, pausedSpeaker);
    const after = session.setState(tx, meetingId, 'paused', null);
    return {
      result: after,
      audit: {
        action: 'session.pause',
        meetingId,
        payload: { meetingId, pausedSpeakerId: pausedSpeaker?.id ?? null },
      },
      effects: { live: { meetingId, sections: ['session', 'speakers'] } },
    };
  },
});
