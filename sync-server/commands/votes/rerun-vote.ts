import { z } from 'zod';
import { because } from '#common/schemas/error-reasons';
import { IdSchema } from '#common/schemas/ids';
import { defineCommand } from '../command';
import { refuse, requireChair, voteFor } from './vote-rules';

/** Biểu quyết lại: a new draft on the motion of a closed or cancelled vote, with its settings. */
export const rerunVote = defineCommand({
  name: 'vote.rerun',
  input: z.strictObject({ voteId: IdSchema }),
  authorize: (actor, { voteId }, stores) => requireChair(actor, voteFor(actor, voteId, stores).meetingId),
  run({ voteId }, { tx, votes }) {
    const old = votes.get(voteId);
    if (old.status !== 'closed' && old.status !== 'cancelled') {
      refuse('only a closed or cancelled vote can be re-run', because('vote_not_closed'));
    }
    const vote = votes.create(tx, old.meetingId, { ...old, rerunOf: old.id });
    return {
      result: vote,
      audit: {
        action: 'vote.rerun',
        meetingId: old.meetingId,
        payload: { voteId: vote.id, rerunOf: old.id },
      },
      effects: { live: { meetingId: old.meetingId, sections: ['votes'] } },
    };
  },
});
