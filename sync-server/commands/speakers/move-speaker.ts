import { z } from 'zod';
import { because } from '#common/schemas/error-reasons';
import { IdSchema } from '#common/schemas/ids';
import { ConflictError } from '../../errors/domain-errors';
import { defineCommand } from '../command';
import { requireSessionRunner } from '../session/session-roles';

/** The chair moves a queued request to another place in its item's queue; returns the queue. */
export const moveSpeaker = defineCommand({
  name: 'speaker.move',
  input: z.strictObject({
    meetingId: IdSchema,
    speakerId: IdSchema,
    index: z.number().int().min(0).max(10_000),
  }),
  authorize: (actor, { meetingId, speakerId }, { meetings, speakers }) => {
    meetings.get(meetingId);
    requireSessionRunner(actor, meetingId);
    speakers.get(meetingId, speakerId);
  },
  run({ meetingId, speakerId, index }, { tx, speakers }) {
    const speaker = speakers.get(meetingId, speakerId);
    if (speaker.status !== 'queued')
      throw new ConflictError('not in the queue', because('speaker_not_queued'));
    const { from, to } = speakers.move(tx, speaker, index);
    return {
      result: speakers.queue(meetingId, speaker.itemId),
      audit: { action: 'speaker.move', meetingId, payload: { speakerId, from, to } },
      effects: { live: { meetingId, sections: ['speakers'] } },
    };
  },
});
