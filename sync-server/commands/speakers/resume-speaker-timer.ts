import { z } from 'zod';
import { because } from '#common/schemas/error-reasons';
import { IdSchema } from '#common/schemas/ids';
import { ConflictError } from '../../errors/domain-errors';
import { defineCommand } from '../command';
import { requireInSession, requireSessionRunner } from '../session/session-roles';

/** The chair restarts a paused speaking clock (not while the session itself is paused). */
export const resumeSpeakerTimer = defineCommand({
  name: 'speaker.resume',
  input: z.strictObject({ meetingId: IdSchema, speakerId: IdSchema }),
  authorize: (actor, { meetingId, speakerId }, { meetings, speakers }) => {
    meetings.get(meetingId);
    requireSessionRunner(actor, meetingId);
    speakers.get(meetingId, speakerId);
  },
  run({ meetingId, speakerId }, { tx, session, speakers }) {
    requireInSession(session.get(meetingId));
    const speaker = speakers.get(meetingId, speakerId);
    if (speaker.status !== 'speaking')
      throw new ConflictError('not speaking', because('speaker_not_speaking'));
    if (!speaker.timer?.pausedAt) throw new ConflictError('not paused', because('timer_not_paused'));
    const after = speakers.resumeTimer(tx, speaker);
    return {
      result: after,
      audit: { action: 'speaker.resume', meetingId, payload: { speakerId } },
      effects: { live: { meetingId, sections: ['speakers'] } },
    };
  },
});
