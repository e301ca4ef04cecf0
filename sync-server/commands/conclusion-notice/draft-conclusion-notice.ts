import { z } from 'zod';
import { because } from '#common/schemas/error-reasons';
import { IdSchema } from '#common/schemas/ids';
import { DraftConclusionNoticeRequestSchema } from '#common/schemas/minutes-export';
import { type MinutesBlock, MinutesBlockSchema, MinutesContentSchema } from '#common/schemas/minutes';
import { ConflictError } from '../../errors/domain-errors';
import { readConclusionNotice, saveConclusionNoticeDraft } from '../../store/conclusion-notice-store';
import { defineCommand } from '../command';
import { conclusionsOf, requireNoticeIssuer } from './notice-rules';

/** "Nơi nhận" of a notice unless the drafter names others; the writer adds "Lưu: VT, Hồ sơ". */
const DEFAULT_RECIPIENTS = ['Các thành viên dự họp'];

/**
 * Drafts the conclusion notice (Thông báo kết luận, form 1.4) from the minutes' conclusions,
 * or rewrites the draft with the paragraphs given. The minutes' text is the frozen one once
 * final, else the draft the route read from the minutes document (`minutesBlocks`). Refused
 * once the notice is issued: an issued notice is corrected by a new document, not an edit.
 */
export const draftConclusionNotice = defineCommand({
  name: 'minutes.draft-conclusion-notice',
  input: DraftConclusionNoticeRequestSchema.extend({
    meetingId: IdSchema,
    /** The draft minutes' blocks, read by the route when the minutes are not final. */
    minutesBlocks: z.array(MinutesBlockSchema).max(100_000).optional(),
  }),
  authorize: (actor, { meetingId }, { meetings }) => {
    meetings.get(meetingId);
    requireNoticeIssuer(actor, meetingId);
  },
  run(input, { tx, actor, participants }) {
    const { meetingId } = input;
    const existing = readConclusionNotice(tx.db, meetingId, new Date(tx.now));
    if (existing?.status.state === 'issued') {
      throw new ConflictError('the conclusion notice is already issued', because('notice_issued'));
    }
    let blocks: MinutesBlock[];
    if (input.paragraphs) {
      blocks = input.paragraphs.map((text) => ({ type: 'paragraph', content: [{ text }] }));
    } else {
      const final = tx.db
        .prepare("SELECT final_json FROM minutes WHERE meeting_id = ? AND state != 'draft'")
        .get(meetingId) as { final_json: string | null } | undefined;
      const source = final?.final_json
        ? MinutesContentSchema.parse(JSON.parse(final.final_json)).blocks
        : (input.minutesBlocks ?? []);
      blocks = conclusionsOf(source);
    }
    const chair = participants.listForMeeting(meetingId).find((p) => p.role === 'chair');
    const draft = {
      blocks,
      recipients: input.recipients ?? existing?.recipients ?? DEFAULT_RECIPIENTS,
      signerTitle: input.signerTitle ?? existing?.signerTitle ?? 'CHỦ TRÌ',
      signerName: input.signerName ?? existing?.signerName ?? chair?.name ?? '',
      by: actor.kind === 'device' ? actor.participant.id : null,
    };
    saveConclusionNoticeDraft(tx, meetingId, draft);
    const notice = readConclusionNotice(tx.db, meetingId, new Date(tx.now));
    if (!notice) throw new Error('the notice draft was not stored');
    return {
      result: notice,
      audit: {
        action: 'minutes.draft-conclusion-notice',
        meetingId,
        payload: { meetingId, blocks: blocks.length },
      },
    };
  },
});
