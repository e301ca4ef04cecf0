import { z } from 'zod';
import { CreateMeetingRequestSchema, type Meeting } from '#common/schemas/meeting';
import { requireManagerOf } from '../authorization';
import { defineCommand } from '../command';

/** Creates a draft meeting; `demoKey` marks the demo meeting so seeding runs once. */
export const createMeeting = defineCommand({
  name: 'meeting.create',
  input: z.strictObject({
    meeting: CreateMeetingRequestSchema,
    demoKey: z.string().max(100).nullable().default(null),
  }),
  authorize: (actor) => requireManagerOf(actor, null),
  run({ meeting: req, demoKey }, { tx, meetings }) {
    const meeting: Meeting = meetings.create(tx, req, demoKey);
    return {
      result: meeting,
      audit: {
        action: 'meeting.create',
        meetingId: meeting.id,
        payload: {
          meetingId: meeting.id,
          title: meeting.title,
          body: meeting.body,
          type: meeting.type,
          startsAt: meeting.startsAt,
          endsAt: meeting.endsAt,
          timeZone: meeting.timeZone,
          place: meeting.place,
        },
      },
      effects: { meeting: { id: meeting.id, agenda: true } },
    };
  },
});
