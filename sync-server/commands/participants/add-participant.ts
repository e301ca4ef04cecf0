import { z } from 'zod';
import { IdSchema } from '#common/schemas/ids';
import { CreateParticipantRequestSchema } from '#common/schemas/participant';
import { requireManagerOf } from '../authorization';
import { defineCommand } from '../command';

/** Adds a participant to a meeting (`meetingId` null: a room staff account). */
export const addParticipant = defineCommand({
  name: 'participant.add',
  input: z.strictObject({ meetingId: IdSchema.nullable(), participant: CreateParticipantRequestSchema }),
  authorize: (actor, { meetingId }, { meetings }) => {
    if (meetingId) meetings.get(meetingId);
    requireManagerOf(actor, meetingId);
  },
  run({ meetingId, participant: req }, { tx, participants }) {
    const participant = participants.create(tx, meetingId, req);
    return {
      result: participant,
      audit: {
        action: 'participant.add',
        meetingId,
        payload: {
          participantId: participant.id,
          name: participant.name,
          role: participant.role,
          group: participant.group,
        },
      },
      // A new member may be granted documents by group.
      effects: meetingId ? { documents: meetingId } : {},
    };
  },
});
