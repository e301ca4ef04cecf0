import { z } from 'zod';
import { because } from '#common/schemas/error-reasons';
import { IdSchema } from '#common/schemas/ids';
import { ConflictError } from '../../errors/domain-errors';
import { defineCommand } from '../command';
import { requireFinal, requireMinutesChair } from './minutes-rules';

/**
 * The chair publishes finalised minutes: delegates and observers of the meeting may read them
 * from the commit on (the access effect lets their sockets open the minutes document).
 */
export const publishMinutes = defineCommand({
  name: 'minutes.publish',
  input: z.strictObject({ meetingId: IdSchema }),
  authorize: (actor, { meetingId }, { meetings }) => {
    meetings.get(meetingId);
    requireMinutesChair(actor, meetingId);
  },
  run({ meetingId }, { tx, minutes, actor }) {
    const state = minutes.state(meetingId);
    requireFinal(state);
    if (state === 'published') {
      throw new ConflictError('the minutes are already published', because('minutes_already_published'));
    }
    minutes.publish(tx, meetingId, actor.kind === 'device' ? actor.participant.id : null);
    return {
      result: minutes.status(meetingId),
      audit: { action: 'minutes.publish', meetingId, payload: { meetingId } },
      effects: { access: meetingId, live: { meetingId, sections: ['minutes'] } },
    };
  },
});
