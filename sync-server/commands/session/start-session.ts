import { z } from 'zod';
import { because } from '#common/schemas/error-reasons';
import { IdSchema } from '#common/schemas/ids';
import { ConflictError } from '../../errors/domain-errors';
import { defineCommand } from '../command';
import { requireSessionRunner } from './session-roles';
import { ALL_SESSION_SECTIONS } from './sections';

/**
 * Opens the session (khai mạc): `not_started` → `in_session`, and the published meeting moves
 * to `in_session` with it. Checked inside the transaction, so of many racing starts exactly one
 * changes anything and the rest are refused `session_already_started`.
 */
export const startSession = defineCommand({
  name: 'session.start',
  input: z.strictObject({ meetingId: IdSchema }),
  authorize: (actor, { meetingId }, { meetings }) => {
    meetings.get(meetingId);
    requireSessionRunner(actor, meetingId);
  },
  run({ meetingId }, { tx, meetings, session }) {
    const meeting = meetings.get(meetingId);
    const before = session.get(meetingId);
    if (before.state === 'ended' || meeting.status === 'ended') {
      throw new ConflictError('the session has ended', because('session_ended'));
    }
    if (before.state !== 'not_started') {
      throw new ConflictError('the session has already started', because('session_already_started'));
    }
    if (meeting.status === 'draft') {
      throw new ConflictError(
        'publish the meeting before its session starts',
        because('session_meeting_draft'),
      );
    }
    const after = session.setState(tx, meetingId, 'in_session', 'in_session');
    return {
      result: after,
      audit: { action: 'session.start', meetingId, payload: { meetingId, meetingStatus: 'in_session' } },
      effects: {
        meeting: { id: meetingId, agenda: false },
        live: { meetingId, sections: ALL_SESSION_SECTIONS },
      },
    };
  },
});
