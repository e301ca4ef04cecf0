import { z } from 'zod';
import { because } from '#common/schemas/error-reasons';
import { IdSchema } from '#common/schemas/ids';
import { ConflictError } from '../../errors/domain-errors';
import { markConclusionNoticeIssued, readConclusionNotice } from '../../store/conclusion-notice-store';
import { assignMeetingRegisterNumber } from '../../store/register-store';
import { defineCommand } from '../command';
import { requireNoticeIssuer } from './notice-rules';

/**
 * Issues the drafted conclusion notice: it takes the next number of the year's register
 * ("08/TB-UBND", the classified series for a meeting with a classified document) and its date
 * of issue, after which it no longer changes.
 */
export const issueConclusionNotice = defineCommand({
  name: 'minutes.issue-conclusion-notice',
  durability: 'full',
  input: z.strictObject({ meetingId: IdSchema }),
  authorize: (actor, { meetingId }, { meetings }) => {
    meetings.get(meetingId);
    requireNoticeIssuer(actor, meetingId);
  },
  run({ meetingId }, { tx, actor, meetings }) {
    const notice = readConclusionNotice(tx.db, meetingId, new Date(tx.now));
    if (!notice) throw new ConflictError('draft the conclusion notice first', because('notice_not_drafted'));
    if (notice.status.state === 'issued') {
      throw new ConflictError('the conclusion notice is already issued', because('notice_issued'));
    }
    const meeting = meetings.get(meetingId);
    const register = assignMeetingRegisterNumber(tx.db, meeting, 'TB', tx.now);
    markConclusionNoticeIssued(tx, meetingId, {
      registerNumber: register.formatted,
      by: actor.kind === 'device' ? actor.participant.id : null,
    });
    const issued = readConclusionNotice(tx.db, meetingId, new Date(tx.now));
    if (!issued) throw new Error('the issued notice vanished');
    return {
      result: issued,
      audit: {
        action: 'minutes.issue-conclusion-notice',
        meetingId,
        payload: { meetingId, registerNumber: register.formatted },
      },
    };
  },
});
