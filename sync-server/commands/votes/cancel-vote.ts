import { z } from 'zod';
import { because } from '#common/schemas/error-reasons';
import { IdSchema } from '#common/schemas/ids';
import { defineCommand } from '../command';
import { refuse, requireChair, voteFor } from './vote-rules';

/** Cancels a draft or open vote: nothing is counted, a secret vote's ballots are deleted. */
export const cancelVote = defineCommand({
  name: 'vote.cancel',
  input: z.strictObject({ voteId: IdSchema }),
  durability: 'full',
  authorize: (actor, { voteId }, stores) => requireChair(actor, voteFor(actor, voteId, stores).meetingId),
  run({ voteId }, { tx, votes }) {
    const vote = votes.get(voteId);
    if (vote.status !== 'draft' && vote.status !== 'open')
      refuse(`the vote is ${vote.status}`, because('vote_not_open'));
    votes.cancel(tx, voteId);
    return {
      result: votes.get(voteId),
      audit: {
        action: 'vote.cancel',
        meetingId: vote.meetingId,
        payload: { voteId, wasOpen: vote.status === 'open', ballotsDiscarded: vote.voted },
      },
      effects: { live: { meetingId: vote.meetingId, sections: ['votes'] } },
    };
  },
});
