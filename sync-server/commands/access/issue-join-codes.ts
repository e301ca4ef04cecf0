import { z } from 'zod';
import { IdSchema } from '#common/schemas/ids';
import { NotFoundError } from '../../errors/domain-errors';
import { requireManagerOf } from '../authorization';
import { defineCommand } from '../command';

/** A code as issued: shown once, only its keyed hash is stored. */
export interface IssuedCode {
  readonly participantId: string;
  readonly code: string;
  readonly expiresAt: string;
}

/**
 * Issues a fresh one-time join code for each participant (one for a single person, or one per
 * card of a join-code sheet). Every participant must belong to `meetingId` (null: room staff).
 */
export const issueJoinCodes = defineCommand({
  name: 'join-code.issue',
  input: z.strictObject({
    meetingId: IdSchema.nullable(),
    participantIds: z.array(IdSchema).max(5000),
    ttlHours: z
      .number()
      .int()
      .min(1)
      .max(24 * 30),
  }),
  authorize: (actor, { meetingId }, { meetings }) => {
    if (meetingId) meetings.get(meetingId);
    requireManagerOf(actor, meetingId);
  },
  run({ meetingId, participantIds, ttlHours }, { tx, participants, auth }) {
    const expiresAt = new Date(Date.parse(tx.now) + ttlHours * 3_600_000).toISOString();
    const codes: IssuedCode[] = participantIds.map((participantId) => {
      const p = participants.find(participantId);
      if (!p || p.meetingId !== meetingId) throw new NotFoundError('participant not found in this meeting');
      return { participantId, code: auth.createJoinCode(tx, participantId, expiresAt), expiresAt };
    });
    return {
      result: codes,
      audit: { action: 'join-code.issue', meetingId, payload: { participantIds, expiresAt } },
    };
  },
});
