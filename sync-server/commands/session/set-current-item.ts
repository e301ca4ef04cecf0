import { z } from 'zod';
import { because } from '#common/schemas/error-reasons';
import { IdSchema } from '#common/schemas/ids';
import { ConflictError, DomainError } from '../../errors/domain-errors';
import { defineCommand } from '../command';
import { requireSessionRunner } from './session-roles';

/**
 * The chair sets the agenda item under discussion (null: none). Every client shows it; the
 * speaker queue shown is the new item's. Allowed before the start (to open on an item), not
 * after the end.
 */
export const setCurrentItem = defineCommand({
  name: 'session.current-item',
  input: z.strictObject({ meetingId: IdSchema, itemId: IdSchema.nullable() }),
  authorize: (actor, { meetingId }, { meetings }) => {
    meetings.get(meetingId);
    requireSessionRunner(actor, meetingId);
  },
  run({ meetingId, itemId }, { tx, session, meetings }) {
    const before = session.get(meetingId);
    if (before.state === 'ended') throw new ConflictError('the session has ended', because('session_ended'));
    if (itemId !== null && meetings.findAgendaItem(itemId)?.meetingId !== meetingId) {
      throw new DomainError(
        'bad_request',
        'the item is not on this meeting’s agenda',
        undefined,
        because('item_not_in_meeting'),
      );
    }
    const after = session.setCurrentItem(tx, meetingId, itemId);
    return {
      result: after,
      audit: {
        action: 'session.current-item',
        meetingId,
        payload: { meetingId, from: before.currentItemId, to: itemId },
      },
      effects: { live: { meetingId, sections: ['session', 'speakers'] } },
    };
  },
});
