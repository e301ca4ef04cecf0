import { z } from 'zod';
import { because } from '#common/schemas/error-reasons';
import { IdSchema } from '#common/schemas/ids';
import { ConflictError } from '../../errors/domain-errors';
import { defineCommand } from '../command';
import { requireSessionRunner } from '../session/session-roles';

/** The chair turns down a queued request. */
export const rejectSpeaker = defineCommand({
  name: 'speaker.reject',
  input: z.strictObject({ meetingId: IdSchema, speakerId: IdSchema }),
  authorize: (actor, { meetingId, speakerId }, { meetings, speakers }) => {
    meetings.get(meetingId);
    requireSessionRunner(actor, meetingId);
    speakers.get(meetingId, speakerId);
  },
  run({ meetingId, speakerId }, { tx, speakers }) {
    const speaker = speakers.get(meetingId, speakerId);
    if (speaker.status !== 'queued')
      throw new ConflictError('not in the queue', because('speaker_not_queued'));
    const after = speakers.close(tx, speaker, 'rejected');
    return {
      result: after,
      audit: {
        action: 'speaker.reject',
        meetingId,
        payload: { speakerId, participantId: speaker.participantId },
      },
      effects: { live: { meetingId, sections: ['speakers'] } },
    };
  },
});
