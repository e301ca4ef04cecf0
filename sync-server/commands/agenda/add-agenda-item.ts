import { z } from 'zod';
import { IdSchema } from '#common/schemas/ids';
import { CreateAgendaItemRequestSchema } from '#common/schemas/meeting';
import { requireManagerOf } from '../authorization';
import { defineCommand } from '../command';

/** Appends an agenda item (or sub-item) at the end of its parent's children. */
export const addAgendaItem = defineCommand({
  name: 'agenda.add',
  input: z.strictObject({ meetingId: IdSchema, item: CreateAgendaItemRequestSchema }),
  authorize: (actor, { meetingId }, { meetings }) => {
    meetings.get(meetingId);
    requireManagerOf(actor, meetingId);
  },
  run({ meetingId, item: req }, { tx, meetings }) {
    const item = meetings.addAgendaItem(tx, meetingId, req);
    return {
      result: item,
      audit: {
        action: 'agenda.add',
        meetingId,
        payload: { itemId: item.id, parentId: item.parentId, position: item.position, title: item.title },
      },
      effects: { meeting: { id: meetingId, agenda: true } },
    };
  },
});
