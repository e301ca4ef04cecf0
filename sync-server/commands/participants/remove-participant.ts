import { z } from 'zod';
import { IdSchema } from '#common/schemas/ids';
import { ConflictError } from '../../errors/domain-errors';
import { requireManagerOf } from '../authorization';
import { defineCommand } from '../command';
import { because } from '#common/schemas/error-reasons';

/** Removes a participant with their codes, devices and grants; their open sockets close. */
export const removeParticipant = defineCommand({
  name: 'participant.remove',
  input: z.strictObject({ participantId: IdSchema }),
  authorize: (actor, { participantId }, { participants }) => {
    requireManagerOf(actor, participants.get(participantId).meetingId);
    if (actor.kind === 'device' && actor.participant.id === participantId) {
      throw new ConflictError('you cannot remove yourself', because('remove_self'));
    }
  },
  run({ participantId }, { tx, participants, auth }) {
    const revokedDeviceIds = auth
      .devicesOf(participantId)
      .filter((d) => d.revokedAt === null)
      .map((d) => d.id);
    const removed = participants.delete(tx, participantId);
    return {
      result: removed,
      audit: {
        action: 'participant.remove',
        meetingId: removed.meetingId,
        payload: { participantId, name: removed.name, role: removed.role, revokedDeviceIds },
      },
      effects: { access: removed.meetingId, ...(removed.meetingId ? { documents: removed.meetingId } : {}) },
    };
  },
});
