import { z } from 'zod';
import { because } from '#common/schemas/error-reasons';
import { IdSchema } from '#common/schemas/ids';
import { GrantFloorRequestSchema } from '#common/schemas/session';
import { ConflictError } from '../../errors/domain-errors';
import { defineCommand } from '../command';
import { requireInSession, requireSessionRunner } from '../session/session-roles';

/**
 * The chair gives the floor to a queued request: its timer starts now with the kind's speaking
 * time (or `limitSeconds`). Whoever still speaks is finished first, so the meeting has one
 * speaker at a time (the database holds that too).
 */
export const grantFloor = defineCommand({
  name: 'speaker.grant',
  input: z.strictObject({ meetingId: IdSchema, speakerId: IdSchema, grant: GrantFloorRequestSchema }),
  authorize: (actor, { meetingId, speakerId }, { meetings, speakers }) => {
    meetings.get(meetingId);
    requireSessionRunner(actor, meetingId);
    speakers.get(meetingId, speakerId);
  },
  run({ meetingId, speakerId, grant }, { tx, session, speakers }) {
    requireInSession(session.get(meetingId));
    const speaker = speakers.get(meetingId, speakerId);
    if (speaker.status !== 'queued')
      throw new ConflictError('not in the queue', because('speaker_not_queued'));
    const previous = speakers.current(meetingId);
    if (previous) speakers.finish(tx, previous);
    const limitSeconds = grant.limitSeconds ?? session.rules(meetingId).speakerLimits[speaker.kind];
    const after = speakers.grant(tx, speaker, limitSeconds);
    return {
      result: after,
      audit: {
        action: 'speaker.grant',
        meetingId,
        payload: {
          speakerId,
          participantId: speaker.participantId,
          limitSeconds,
          endedSpeakerId: previous?.id ?? null,
        },
      },
      effects: { live: { meetingId, sections: ['speakers'] } },
    };
  },
});
