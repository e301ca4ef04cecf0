import { z } from 'zod';
import { IdSchema } from '#common/schemas/ids';
import { NotFoundError } from '../../errors/domain-errors';
import { requireManagerOf } from '../authorization';
import { defineCommand } from '../command';

/**
 * Ends a device session: a lost laptop revoked by the secretariat, or a device signing itself
 * out. Its open sockets close with 4401 and the stock provider stops reconnecting.
 */
export const revokeDevice = defineCommand({
  name: 'device.revoke',
  input: z.strictObject({ deviceSessionId: IdSchema }),
  authorize: (actor, { deviceSessionId }, { auth, participants }) => {
    const device = auth.findDevice(deviceSessionId);
    if (!device) throw new NotFoundError('device session not found');
    if (actor.kind === 'device' && actor.deviceSessionId === deviceSessionId) return;
    requireManagerOf(actor, participants.get(device.participantId).meetingId);
  },
  run({ deviceSessionId }, { tx, auth, participants, actor }) {
    auth.revoke(tx, deviceSessionId);
    const device = auth.findDevice(deviceSessionId);
    if (!device) throw new NotFoundError('device session not found');
    const { meetingId } = participants.get(device.participantId);
    return {
      result: device,
      audit: {
        action: 'device.revoke',
        meetingId,
        payload: {
          participantId: device.participantId,
          deviceSessionId,
          bySelf: actor.kind === 'device' && actor.deviceSessionId === deviceSessionId,
        },
      },
      effects: { access: meetingId },
    };
  },
});
