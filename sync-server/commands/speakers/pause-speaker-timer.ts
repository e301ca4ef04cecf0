import { z } from 'zod';
import { because } from '#common/schemas/error-reasons';
import { IdSchema } from '#common/schemas/ids';
import { ConflictError } from '../../errors/domain-errors';
import { defineCommand } from '../command';
import { requireSessionRunner } from '../session/session-roles';

/** The chair stops the speaking clock (an interruption); the time paused is not counted. */
export const pauseSpeakerTimer = defineCommand({
  name: 'speaker.pause',
  input: z.strictObject({ meetingId: IdSchema, speakerId: IdSchema }),
  authorize: (actor, { meetingId, speakerId }, { meetings, speakers }) => {
    meetings.get(meetingId);
    requireSessionRunner(actor, meetingId);
    speakers.get(meetingId, speakerId);
  },
  run({ meetingId, speakerId }, { tx, speakers }) {
    const speaker = speakers.get(meetingId, speakerId);
    if (speaker.status !== 'speaking')
      throw new ConflictError('not speaking', because('speaker_not_speaking'));
    if (speaker.timer?.pausedAt) throw new ConflictError('already paused', because('timer_already_paused'));
    const after = speakers.pauseTimer(tx, speaker);
    return {
      result: after,
      audit: { action: 'speaker.pause', meetingId, payload: { speakerId } },
      effects: { live: { meetingId, sections: ['speakers'] } },
    };
  },
});
