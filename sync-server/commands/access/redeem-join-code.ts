import { JoinRequestSchema } from '#common/schemas/api';
import { defineCommand } from '../command';

/**
 * Redeems a one-time join code on a device: marks it used and opens a device session, in one
 * transaction, so two devices racing with the same code cannot both get in. Anyone may try;
 * the code is the credential.
 */
export const redeemJoinCode = defineCommand({
  name: 'device.join',
  input: JoinRequestSchema,
  authorize: () => {},
  run({ code, deviceLabel }, { tx, auth }) {
    const { token, context } = auth.redeem(tx, code, deviceLabel);
    const participantId = context.participant.id;
    return {
      result: { token, context },
      audit: {
        action: 'device.join',
        meetingId: context.participant.meetingId,
        payload: { participantId, deviceSessionId: context.deviceSessionId, deviceLabel },
      },
      auditActorId: participantId,
    };
  },
});
