import { z } from 'zod';
import { IdSchema } from '#common/schemas/ids';
import { CODE_VALIDITY } from '#common/schemas/participant';
import { DomainError, NotFoundError, ValidationError } from '../../errors/domain-errors';
import { requireManagerOf } from '../authorization';
import { defineCommand } from '../command';

/** A code as issued: shown once, only its keyed hash is stored. */
export interface IssuedCode {
  readonly participantId: string;
  readonly code: string;
  readonly expiresAt: string;
}

/** Room staff codes (no meeting to end with) last this long unless asked otherwise. */
export const STAFF_CODE_TTL_HOURS = 72;

const HOUR_MS = 3_600_000;

/**
 * When codes issued now expire: a meeting's last until the meeting ends (its `endsAt` string as
 * stored, so they follow the end when it moves) unless asked for less, never past it; room
 * staff's after `ttlHours` (72 by default).
 */
function expiryOf(
  now: number,
  meetingEndsAt: string | null,
  ask: { ttlHours?: number | undefined; validUntil?: string | undefined },
): string {
  const asked =
    ask.validUntil !== undefined
      ? Date.parse(ask.validUntil)
      : ask.ttlHours !== undefined
        ? now + ask.ttlHours * HOUR_MS
        : null;
  if (asked !== null && asked <= now) {
    throw new ValidationError([
      { path: 'validUntil', message: 'a code must stay valid for some time from now' },
    ]);
  }
  if (meetingEndsAt === null) return new Date(asked ?? now + STAFF_CODE_TTL_HOURS * HOUR_MS).toISOString();
  if (asked === null || asked >= Date.parse(meetingEndsAt)) return meetingEndsAt;
  return new Date(asked).toISOString();
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
    ...CODE_VALIDITY,
  }),
  authorize: (actor, { meetingId }, { meetings }) => {
    if (meetingId) meetings.get(meetingId);
    requireManagerOf(actor, meetingId);
  },
  run({ meetingId, participantIds, ttlHours, validUntil }, { tx, meetings, participants, auth }) {
    const now = Date.parse(tx.now);
    const meeting = meetingId ? meetings.get(meetingId) : null;
    if (meeting && Date.parse(meeting.endsAt) <= now) {
      throw new DomainError(
        'meeting_ended',
        'the meeting has ended: no join codes are issued for it (change its end time to issue codes again)',
      );
    }
    const expiresAt = expiryOf(now, meeting?.endsAt ?? null, { ttlHours, validUntil });
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
