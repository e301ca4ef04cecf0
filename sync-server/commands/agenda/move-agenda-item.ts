import { z } from 'zod';
import { IdSchema } from '#common/schemas/ids';
import { MoveAgendaItemRequestSchema } from '#common/schemas/meeting';
import { requireManagerOf } from '../authorization';
import { defineCommand } from '../command';

/** Moves an agenda item with its sub-items; both sibling lists are renumbered. Answers the whole agenda. */
export const moveAgendaItem = defineCommand({
  name: 'agenda.move',
  input: z.strictObject({ itemId: IdSchema, move: MoveAgendaItemRequestSchema }),
  authorize: (actor, { itemId }, { meetings }) =>
    requireManagerOf(actor, meetings.getAgendaItem(itemId).meetingId),
  run({ itemId, move }, { tx, meetings }) {
    const before = meetings.getAgendaItem(itemId);
    const after = meetings.moveAgendaItem(tx, itemId, move);
    return {
      result: meetings.agenda(after.meetingId),
      audit: {
        action: 'agenda.move',
        meetingId: after.meetingId,
        payload: {
          itemId,
          from: { parentId: before.parentId, position: before.position },
          to: { parentId: after.parentId, position: after.position },
        },
      },
      effects: { meeting: { id: after.meetingId, agenda: true } },
    };
  },
});
