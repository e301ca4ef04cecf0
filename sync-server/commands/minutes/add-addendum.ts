import { createHash } from 'node:crypto';
import { IdSchema } from '#common/schemas/ids';
import { AddendumRequestSchema } from '#common/schemas/minutes';
import { defineCommand } from '../command';
import { requireAddendumWriter, requireFinal } from './minutes-rules';

/** A correction to finalised minutes: stored beside the final text, which never changes. */
export const addMinutesAddendum = defineCommand({
  name: 'minutes.addendum',
  input: AddendumRequestSchema.extend({ meetingId: IdSchema }),
  durability: 'full',
  authorize: (actor, { meetingId }, { meetings }) => {
    meetings.get(meetingId);
    requireAddendumWriter(actor, meetingId);
  },
  run({ meetingId, text }, { tx, minutes, actor }) {
    requireFinal(minutes.state(meetingId));
    const addendum = minutes.addAddendum(tx, meetingId, {
      byId: actor.kind === 'device' ? actor.participant.id : null,
      byName: actor.kind === 'device' ? actor.participant.name : 'Máy chủ phòng họp',
      text,
    });
    const sha256 = createHash('sha256').update(text, 'utf8').digest('hex');
    return {
      result: minutes.status(meetingId),
      audit: { action: 'minutes.addendum', meetingId, payload: { meetingId, seq: addendum.seq, sha256 } },
    };
  },
});
