import { z } from 'zod';
import { because } from '#common/schemas/error-reasons';
import { IdSchema } from '#common/schemas/ids';
import { ConflictError } from '../../errors/domain-errors';
import { requireMemberOf } from '../authorization';
import { defineCommand } from '../command';
import { forbidden, isSessionRunner } from '../session/session-roles';

/** The speech ends: the chair ends it, or the speaker yields the floor. Kept for the minutes. */
export const finishSpeaker = defineCommand({
  name: 'speaker.finish',
  input: z.strictObject({ meetingId: IdSchema, speakerId: IdSchema }),
  authorize: (actor, { meetingId, speakerId }, { meetings, speakers }) => {
    meetings.get(meetingId);
    requireMemberOf(actor, meetingId);
    const speaker = speakers.get(meetingId, speakerId);
    const own = actor.kind === 'device' && actor.participant.id === speaker.participantId;
    if (!own && !isSessionRunner(actor)) throw forbidden('chair_only');
  },
  run({ meetingId, speakerId }, { tx, speakers }) {
    const speaker = speakers.get(meetingId, speakerId);
    if (speaker.status !== 'speaking')
      throw new ConflictError('not speaking', because('speaker_not_speaking'));
    const after = speakers.finish(tx, speaker);
    return {
      result: after,
      audit: {
        action: 'speaker.finish',
        meetingId,
        payload: { speakerId, participantId: speaker.participantId, seconds: after.spokenSeconds ?? 0 },
      },
      effects: { live: { meetingId, sections: ['speakers'] } },
    };
  },
});
