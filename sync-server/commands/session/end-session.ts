import { z } from 'zod';
import { IdSchema } from '#common/schemas/ids';
import { defineCommand } from '../command';
import { ALL_SESSION_SECTIONS } from './sections';
import { requireRunning, requireSessionRunner } from './session-roles';

/**
 * Closes the session (bế mạc): the meeting moves to `ended`, whoever speaks stops (the speech is
 * kept), queued requests stay as they were. An ended session never starts again.
 */
export const endSession = defineCommand({
  name: 'session.end',
  input: z.strictObject({ meetingId: IdSchema }),
  authorize: (actor, { meetingId }, { meetings }) => {
    meetings.get(meetingId);
    requireSessionRunner(actor, meetingId);
  },
  run({ meetingId }, { tx, session, speakers }) {
    requireRunning(session.get(meetingId));
    const speaking = speakers.current(meetingId);
    if (speaking) speakers.finish(tx, speaking);
    const after = session.setState(tx, meetingId, 'ended', 'ended');
    return {
      result: after,
      audit: {
        action: 'session.end',
        meetingId,
        payload: { meetingId, meetingStatus: 'ended', endedSpeakerId: speaking?.id ?? null },
      },
      effects: {
        meeting: { id: meetingId, agenda: false },
        live: { meetingId, sections: ALL_SESSION_SECTIONS },
      },
    };
  },
});
