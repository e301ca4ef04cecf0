import { z } from 'zod';
import { because } from '#common/schemas/error-reasons';
import { IdSchema } from '#common/schemas/ids';
import { ConflictError } from '../../errors/domain-errors';
import { requireMemberOf } from '../authorization';
import { defineCommand } from '../command';
import { forbidden } from '../session/session-roles';

/** The requester takes back their queued request (the chair rejects instead). */
export const withdrawFloor = defineCommand({
  name: 'speaker.withdraw',
  input: z.strictObject({ meetingId: IdSchema, speakerId: IdSchema }),
  authorize: (actor, { meetingId, speakerId }, { meetings, speakers }) => {
    meetings.get(meetingId);
    requireMemberOf(actor, meetingId);
    const speaker = speakers.get(meetingId, speakerId);
    if (
      actor.kind !== 'system' &&
      (actor.kind !== 'device' || actor.participant.id !== speaker.participantId)
    ) {
      throw forbidden('not_your_request');
    }
  },
  run({ meetingId, speakerId }, { tx, speakers }) {
    const speaker = speakers.get(meetingId, speakerId);
    if (speaker.status !== 'queued')
      throw new ConflictError('not in the queue', because('speaker_not_queued'));
    const after = speakers.close(tx, speaker, 'withdrawn');
    return {
      result: after,
      audit: {
        action: 'speaker.withdraw',
        meetingId,
        payload: { speakerId, participantId: speaker.participantId },
      },
      effects: { live: { meetingId, sections: ['speakers'] } },
    };
  },
});
