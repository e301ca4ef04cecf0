import { z } from 'zod';
import { IdSchema } from '#common/schemas/ids';
import { defineCommand } from '../command';
import { requirePresenter } from './presenter-rules';

/** The presenter (or the chair) stops sharing; followers stay where they are. */
export const stopPresenter = defineCommand({
  name: 'presenter.stop',
  input: z.strictObject({ meetingId: IdSchema }),
  authorize: (actor, { meetingId }, { meetings, presenter }) => {
    meetings.get(meetingId);
    requirePresenter(actor, meetingId, presenter.get(meetingId));
  },
  run({ meetingId }, { tx, presenter }) {
    // Nothing shared: stopping again repeats a fact the chain holds (no entry, nothing to write).
    if (presenter.get(meetingId).share === null) return { result: presenter.get(meetingId), audit: null };
    return {
      result: presenter.stop(tx, meetingId),
      audit: { action: 'presenter.stop', meetingId, payload: { meetingId } },
      effects: { live: { meetingId, sections: ['presenter'] } },
    };
  },
});
