import { z } from 'zod';
import { IdSchema } from '#common/schemas/ids';
import { UpdateMeetingRequestSchema } from '#common/schemas/meeting';
import { changedFields } from '../../store/meeting-store';
import { requireManagerOf } from '../authorization';
import { defineCommand } from '../command';

/** Changes a meeting's details (title, body, type, time, place, lead time). */
export const updateMeeting = defineCommand({
  name: 'meeting.update',
  input: z.strictObject({ meetingId: IdSchema, patch: UpdateMeetingRequestSchema }),
  authorize: (actor, { meetingId }, { meetings }) => {
    meetings.get(meetingId);
    requireManagerOf(actor, meetingId);
  },
  run({ meetingId, patch }, { tx, meetings }) {
    const before = meetings.get(meetingId);
    const meeting = meetings.update(tx, meetingId, patch);
    return {
      result: meeting,
      audit: {
        action: 'meeting.update',
        meetingId,
        payload: { meetingId, changes: changedFields(before, patch) },
      },
      effects: { meeting: { id: meetingId, agenda: false } },
    };
  },
});
