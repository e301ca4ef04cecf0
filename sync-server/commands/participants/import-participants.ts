import { z } from 'zod';
import { IdSchema } from '#common/schemas/ids';
import { CreateParticipantRequestSchema } from '#common/schemas/participant';
import { requireManagerOf } from '../authorization';
import { defineCommand } from '../command';

/** Adds the rows of a participant list (a CSV import): all of them or none. */
export const importParticipants = defineCommand({
  name: 'participant.import',
  input: z.strictObject({
    meetingId: IdSchema,
    rows: z.array(CreateParticipantRequestSchema).min(1).max(5000),
  }),
  authorize: (actor, { meetingId }, { meetings }) => {
    meetings.get(meetingId);
    requireManagerOf(actor, meetingId);
  },
  run({ meetingId, rows }, { tx, participants }) {
    const created = rows.map((row) => participants.create(tx, meetingId, row));
    return {
      result: created,
      audit: {
        action: 'participant.import',
        meetingId,
        payload: { participantIds: created.map((p) => p.id), count: created.length },
      },
      effects: { documents: meetingId },
    };
  },
});
