import { z } from 'zod';
import { IdSchema } from '#common/schemas/ids';
import { CreateVoteRequestSchema, motionOptions, type Vote } from '#common/schemas/vote';
import { NotFoundError } from '../../errors/domain-errors';
import { defineCommand } from '../command';
import { requireChairOrSecretariat } from './vote-rules';

/** Prepares a vote on a motion of an agenda item (a draft: nothing is frozen until it opens). */
export const createVote = defineCommand({
  name: 'vote.create',
  input: z.strictObject({ meetingId: IdSchema, vote: CreateVoteRequestSchema }),
  authorize: (actor, { meetingId }, { meetings }) => {
    meetings.get(meetingId);
    requireChairOrSecretariat(actor, meetingId);
  },
  run({ meetingId, vote: req }, { tx, meetings, votes }) {
    const item = meetings.findAgendaItem(req.agendaItemId);
    if (!item || item.meetingId !== meetingId) throw new NotFoundError('agenda item not found');
    const vote: Vote = votes.create(tx, meetingId, {
      agendaItemId: req.agendaItemId,
      title: req.title,
      secrecy: req.secrecy,
      options: req.options ?? motionOptions(votes.labels(meetingId)),
      rule: req.rule,
      allowChange: req.allowChange,
      durationSeconds: req.durationSeconds,
      rerunOf: null,
    });
    return {
      result: vote,
      audit: {
        action: 'vote.create',
        meetingId,
        payload: {
          voteId: vote.id,
          agendaItemId: vote.agendaItemId,
          title: vote.title,
          secrecy: vote.secrecy,
          options: vote.options,
          rule: vote.rule,
          allowChange: vote.allowChange,
          durationSeconds: vote.durationSeconds,
        },
      },
      effects: { live: { meetingId, sections: ['votes'] } },
    };
  },
});
