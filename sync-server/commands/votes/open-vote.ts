import { z } from 'zod';
import { because } from '#common/schemas/error-reasons';
import { IdSchema } from '#common/schemas/ids';
import { readAttendanceFacts } from '../../session/attendance-facts';
import { defineCommand } from '../command';
import { refuse, requireChair, voteFor } from './vote-rules';

/**
 * Opens a draft vote. Freezes, in the same transaction, who may vote — present members and
 * absent ones represented by a present proxy holder — with the attendance numbers and the
 * quorum rule in force; refuses without a quorum or while another vote of the meeting is open
 * (the database's partial unique index holds that line too). A countdown sets `closesAt`.
 */
export const openVote = defineCommand({
  name: 'vote.open',
  input: z.strictObject({ voteId: IdSchema }),
  durability: 'full',
  authorize: (actor, { voteId }, stores) => requireChair(actor, voteFor(actor, voteId, stores).meetingId),
  run({ voteId }, { tx, votes }) {
    const vote = votes.get(voteId);
    if (vote.status !== 'draft') refuse('the vote was already opened', because('vote_not_draft'));
    if (votes.openVoteOf(vote.meetingId)) refuse('another vote is open', because('vote_already_open'));
    const facts = readAttendanceFacts(tx.db, vote.meetingId);
    if (!facts.quorum.met) {
      refuse(
        `no quorum: ${facts.present} present, ${facts.quorum.required} required`,
        because('vote_no_quorum', { present: facts.present, required: facts.quorum.required }),
      );
    }
    const closesAt =
      vote.durationSeconds === null
        ? null
        : new Date(Date.parse(tx.now) + vote.durationSeconds * 1000).toISOString();
    const seats = facts.seats.map((s) => ({ memberId: s.memberId, holderId: s.holderId }));
    votes.open(
      tx,
      voteId,
      seats,
      { members: facts.members, present: facts.present, quorum: facts.quorum },
      closesAt,
    );
    return {
      result: votes.get(voteId),
      audit: {
        action: 'vote.open',
        meetingId: vote.meetingId,
        payload: {
          voteId,
          members: facts.members,
          present: facts.present,
          eligible: seats.length,
          quorumRequired: facts.quorum.required,
          rule: vote.rule,
          closesAt,
        },
      },
      effects: { live: { meetingId: vote.meetingId, sections: ['votes'] } },
    };
  },
});
