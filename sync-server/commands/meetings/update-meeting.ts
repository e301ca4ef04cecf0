import { z } from 'zod';
import { IdSchema } from '#common/schemas/ids';
import { type Meeting, type UpdateMeetingRequest, UpdateMeetingRequestSchema } from '#common/schemas/meeting';
import { ValidationError } from '../../errors/domain-errors';
import { changedFields } from '../../store/meeting-store';
import { requireManagerOf } from '../authorization';
import { defineCommand } from '../command';

/**
 * A meeting moved to another time keeps its length: without a new end, the end moves with the
 * start (a session moved from the 10th to the 12th still ends on its own day, not two days before
 * it starts).
 */
function withEndFollowingStart(before: Meeting, patch: UpdateMeetingRequest): UpdateMeetingRequest {
  if (patch.startsAt === undefined || patch.endsAt !== undefined) return patch;
  const shift = Date.parse(patch.startsAt) - Date.parse(before.startsAt);
  if (shift === 0) return patch;
  return { ...patch, endsAt: new Date(Date.parse(before.endsAt) + shift).toISOString() };
}

/** Changes a meeting's details (title, body, type, time, end, zone, place, lead time). */
export const updateMeeting = defineCommand({
  name: 'meeting.update',
  input: z.strictObject({ meetingId: IdSchema, patch: UpdateMeetingRequestSchema }),
  authorize: (actor, { meetingId }, { meetings }) => {
    meetings.get(meetingId);
    requireManagerOf(actor, meetingId);
  },
  run({ meetingId, patch: requested }, { tx, meetings, auth }) {
    const before = meetings.get(meetingId);
    const patch = withEndFollowingStart(before, requested);
    const startsAt = patch.startsAt ?? before.startsAt;
    const endsAt = patch.endsAt ?? before.endsAt;
    if (Date.parse(endsAt) <= Date.parse(startsAt)) {
      throw new ValidationError([{ path: 'endsAt', message: 'the meeting must end after it starts' }]);
    }
    const meeting = meetings.update(tx, meetingId, patch);
    // Codes issued "until the meeting ends" keep meaning that when the end moves.
    const joinCodesMoved =
      meeting.endsAt === before.endsAt
        ? 0
        : auth.moveCodeExpiry(tx, meetingId, before.endsAt, meeting.endsAt);
    return {
      result: meeting,
      audit: {
        action: 'meeting.update',
        meetingId,
        payload: {
          meetingId,
          changes: changedFields(before, patch),
          ...(joinCodesMoved > 0 ? { joinCodesMoved } : {}),
        },
      },
      effects: { meeting: { id: meetingId, agenda: false } },
    };
  },
});
