import { z } from 'zod';
import { IdSchema } from '#common/schemas/ids';
import { OptionLabelsSchema } from '#common/schemas/vote';
import { requireManagerOf } from '../authorization';
import { defineCommand } from '../command';

/** Sets the words a meeting's motions are voted with (Đồng ý / Không đồng ý / Phiếu trắng …). */
export const setVoteLabels = defineCommand({
  name: 'vote.labels',
  input: z.strictObject({ meetingId: IdSchema, labels: OptionLabelsSchema }),
  authorize: (actor, { meetingId }, { meetings }) => {
    meetings.get(meetingId);
    requireManagerOf(actor, meetingId);
  },
  run({ meetingId, labels }, { tx, votes }) {
    votes.setLabels(tx, meetingId, labels);
    return { result: labels, audit: { action: 'vote.labels', meetingId, payload: { meetingId, labels } } };
  },
});
