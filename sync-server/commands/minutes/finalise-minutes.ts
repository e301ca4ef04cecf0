import { createHash } from 'node:crypto';
import { z } from 'zod';
import { IdSchema } from '#common/schemas/ids';
import { MinutesContentSchema } from '#common/schemas/minutes';
import { assignMeetingRegisterNumber } from '../../store/register-store';
import { defineCommand } from '../command';
import { requireDraft, requireMinutesChair } from './minutes-rules';

/**
 * The chair freezes the minutes: the text as the minutes document holds it (read by the route
 * from the Yjs worker just before) is stored as JSON with its SHA-256, which the audit entry
 * repeats, and the biên bản takes its register number. From the commit on, the minutes document
 * is read-only for everybody (the access effect re-checks its open sockets); corrections are
 * addenda.
 */
export const finaliseMinutes = defineCommand({
  name: 'minutes.finalise',
  input: z.strictObject({ meetingId: IdSchema, content: MinutesContentSchema }),
  durability: 'full',
  authorize: (actor, { meetingId }, { meetings }) => {
    meetings.get(meetingId);
    requireMinutesChair(actor, meetingId);
  },
  run({ meetingId, content }, { tx, minutes, meetings, actor }) {
    requireDraft(minutes.state(meetingId));
    const meeting = meetings.get(meetingId);
    const json = JSON.stringify(content);
    const sha256 = createHash('sha256').update(json, 'utf8').digest('hex');
    const register = assignMeetingRegisterNumber(tx.db, meeting, 'BB', tx.now);
    minutes.finalise(tx, meetingId, {
      json,
      sha256,
      registerNumber: register.formatted,
      by: actor.kind === 'device' ? actor.participant.id : null,
    });
    return {
      result: minutes.status(meetingId),
      audit: {
        action: 'minutes.finalise',
        meetingId,
        payload: { meetingId, sha256, registerNumber: register.formatted, blocks: content.blocks.length },
      },
      effects: { access: meetingId, live: { meetingId, sections: ['minutes'] } },
    };
  },
});
