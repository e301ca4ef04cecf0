import { z } from 'zod';
import { IdSchema } from '#common/schemas/ids';
import { UpdateAgendaItemRequestSchema } from '#common/schemas/meeting';
import { changedFields } from '../../store/meeting-store';
import { requireManagerOf } from '../authorization';
import { defineCommand } from '../command';

/** Edits an agenda item's title, presenter, duration or description. */
export const updateAgendaItem = defineCommand({
  name: 'agenda.update',
  input: z.strictObject({ itemId: IdSchema, patch: UpdateAgendaItemRequestSchema }),
  authorize: (actor, { itemId }, { meetings }) =>
    requireManagerOf(actor, meetings.getAgendaItem(itemId).meetingId),
  run({ itemId, patch }, { tx, meetings }) {
    const before = meetings.getAgendaItem(itemId);
    const item = meetings.updateAgendaItem(tx, itemId, patch);
    return {
      result: item,
      audit: {
        action: 'agenda.update',
        meetingId: item.meetingId,
        payload: { itemId, changes: changedFields(before, patch) },
      },
      effects: { meeting: { id: item.meetingId, agenda: true } },
    };
  },
});
