import { z } from 'zod';
import { IdSchema } from '#common/schemas/ids';
import { UpdateParticipantRequestSchema } from '#common/schemas/participant';
import { changedFields } from '../../store/meeting-store';
import { requireManagerOf } from '../authorization';
import { defineCommand } from '../command';

/**
 * Changes a participant. A new role or group changes what they may read and write, so their
 * open sockets are re-checked: a demoted secretary's minutes socket turns read-only at once.
 */
export const updateParticipant = defineCommand({
  name: 'participant.update',
  input: z.strictObject({ participantId: IdSchema, patch: UpdateParticipantRequestSchema }),
  authorize: (actor, { participantId }, { participants }) =>
    requireManagerOf(actor, participants.get(participantId).meetingId),
  run({ participantId, patch }, { tx, participants }) {
    const before = participants.get(participantId);
    const participant = participants.update(tx, participantId, patch);
    const changes = changedFields(before, patch);
    const rightsChanged = changes.role !== undefined || changes.group !== undefined;
    return {
      result: participant,
      audit: {
        action: 'participant.update',
        meetingId: participant.meetingId,
        payload: { participantId, changes },
      },
      effects: rightsChanged
        ? {
            access: participant.meetingId,
            ...(participant.meetingId ? { documents: participant.meetingId } : {}),
          }
        : {},
    };
  },
});
