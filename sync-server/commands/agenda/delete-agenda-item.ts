import { z } from 'zod';
import { IdSchema } from '#common/schemas/ids';
import { requireManagerOf } from '../authorization';
import { defineCommand } from '../command';

/** Deletes an agenda item and its sub-items; their documents stay in the meeting, unattached. */
export const deleteAgendaItem = defineCommand({
  name: 'agenda.delete',
  input: z.strictObject({ itemId: IdSchema }),
  authorize: (actor, { itemId }, { meetings }) =>
    requireManagerOf(actor, meetings.getAgendaItem(itemId).meetingId),
  run({ itemId }, { tx, meetings }) {
    const removedItemIds = meetings.subtreeIds(itemId);
    const item = meetings.deleteAgendaItem(tx, itemId);
    return {
      result: undefined,
      audit: {
        action: 'agenda.delete',
        meetingId: item.meetingId,
        payload: { itemId, title: item.title, removedItemIds },
      },
      effects: { meeting: { id: item.meetingId, agenda: true }, documents: item.meetingId },
    };
  },
});
