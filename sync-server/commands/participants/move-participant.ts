import { z } from 'zod';
import { IdSchema } from '#common/schemas/ids';
import { MoveParticipantRequestSchema } from '#common/schemas/participant';
import { NotFoundError } from '../../errors/domain-errors';
import { requireManagerOf } from '../authorization';
import { defineCommand } from '../command';

/**
 * Moves a participant in the meeting's protocol order (the order a delegation list follows);
 * the list is renumbered. Answers the whole list, in the new order.
 */
export const moveParticipant = defineCommand({
  name: 'participant.move',
  input: z.strictObject({ participantId: IdSchema, move: MoveParticipantRequestSchema }),
  authorize: (actor, { participantId }, { participants }) => {
    const target = participants.get(participantId);
    requireManagerOf(actor, target.meetingId, 'participant not found');
    // Room staff have no list to be ordered in.
    if (target.meetingId === null) throw new NotFoundError('participant not found');
  },
  run({ participantId, move }, { tx, participants }) {
    const meetingId = participants.get(participantId).meetingId as string;
    const { from, to } = participants.move(tx, participantId, move.index);
    return {
      result: participants.listForMeeting(meetingId),
      audit: {
        action: 'participant.move',
        meetingId,
        // Places as the list shows them, 1 for the first.
        payload: { participantId, from: from + 1, to: to + 1 },
      },
    };
  },
});
