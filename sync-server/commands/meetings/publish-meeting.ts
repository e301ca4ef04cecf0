import { z } from 'zod';
import { IdSchema } from '#common/schemas/ids';
import type { Meeting, PublishWarning } from '#common/schemas/meeting';
import { workingDaysBetween } from '../../store/working-days';
import { requireManagerOf } from '../authorization';
import { defineCommand } from '../command';

/**
 * What the secretariat should know about a publication: later than the lead time of
 * Decision 45/2018/QĐ-TTg, or nothing to read, or nobody to read it. Each warning has a code
 * and the parameters of `PUBLISH_WARNING_PARAMS`, which the client words; the message is English
 * for logs and older clients.
 */
export function publishWarnings(
  meeting: Meeting,
  counts: { readonly documents: number; readonly participants: number },
  now: Date,
): PublishWarning[] {
  const warnings: PublishWarning[] = [];
  const days = workingDaysBetween(now, new Date(meeting.startsAt));
  if (days < meeting.leadTimeWorkingDays) {
    warnings.push({
      code: 'late_publication',
      message: `published ${days} working day(s) before the meeting; the rule is at least ${meeting.leadTimeWorkingDays}`,
      params: { days, required: meeting.leadTimeWorkingDays },
    });
  }
  if (counts.documents === 0)
    warnings.push({ code: 'no_documents', message: 'the meeting has no documents yet' });
  if (counts.participants === 0) {
    warnings.push({ code: 'no_participants', message: 'the meeting has no participants yet' });
  }
  return warnings;
}

/** (Re)publishes a meeting: every connected client learns it through the live document. */
export const publishMeeting = defineCommand({
  name: 'meeting.publish',
  input: z.strictObject({ meetingId: IdSchema }),
  authorize: (actor, { meetingId }, { meetings }) => {
    meetings.get(meetingId);
    requireManagerOf(actor, meetingId);
  },
  run({ meetingId }, { tx, meetings, documents, participants }) {
    const meeting = meetings.publish(tx, meetingId);
    const warnings = publishWarnings(
      meeting,
      {
        documents: documents.countInMeeting(meetingId),
        participants: participants.listForMeeting(meetingId).length,
      },
      new Date(tx.now),
    );
    return {
      result: { meeting, warnings },
      audit: {
        action: 'meeting.publish',
        meetingId,
        payload: { meetingId, status: meeting.status, revision: meeting.publishedRevision },
      },
      effects: { meeting: { id: meetingId, agenda: true }, documents: meetingId, access: meetingId },
    };
  },
});
