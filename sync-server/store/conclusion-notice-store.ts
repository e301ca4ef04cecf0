import { type ConclusionNotice, ConclusionNoticeSchema } from '#common/schemas/minutes-export';
import { type MinutesBlock, MinutesContentSchema } from '#common/schemas/minutes';
import type { ReadableDB } from '../db/database';
import type { Tx } from '../db/tx';
import { conclusionNoticeStatus } from './conclusion-notice-status';

interface NoticeRow {
  content_json: string;
  recipients_json: string;
  signer_title: string;
  signer_name: string;
  drafted_at: string;
}

/** The text of a notice being drafted. */
export interface NoticeDraft {
  blocks: MinutesBlock[];
  recipients: string[];
  signerTitle: string;
  signerName: string;
  by: string | null;
}

/** The meeting's conclusion notice (Thông báo kết luận): one per meeting, drafted, then issued once. */
export function readConclusionNotice(db: ReadableDB, meetingId: string, now: Date): ConclusionNotice | null {
  const row = db
    .prepare(
      `SELECT content_json, recipients_json, signer_title, signer_name, drafted_at
       FROM conclusion_notices WHERE meeting_id = ?`,
    )
    .get(meetingId) as NoticeRow | undefined;
  if (!row) return null;
  const ended = db.prepare('SELECT ended_at FROM meeting_sessions WHERE meeting_id = ?').get(meetingId) as
    | { ended_at: string | null }
    | undefined;
  return ConclusionNoticeSchema.parse({
    meetingId,
    status: conclusionNoticeStatus(db, meetingId, ended?.ended_at ?? null, now),
    content: MinutesContentSchema.parse(JSON.parse(row.content_json)),
    recipients: JSON.parse(row.recipients_json),
    signerTitle: row.signer_title,
    signerName: row.signer_name,
    draftedAt: row.drafted_at,
  });
}

/** Writes (or rewrites) the draft; the caller checked it is not issued. */
export function saveConclusionNoticeDraft(tx: Tx, meetingId: string, draft: NoticeDraft): void {
  tx.db
    .prepare(
      `INSERT INTO conclusion_notices
         (meeting_id, state, content_json, recipients_json, signer_title, signer_name, drafted_by, drafted_at)
       VALUES (?, 'draft', ?, ?, ?, ?, ?, ?)
       ON CONFLICT (meeting_id) DO UPDATE SET content_json = excluded.content_json,
         recipients_json = excluded.recipients_json, signer_title = excluded.signer_title,
         signer_name = excluded.signer_name, drafted_by = excluded.drafted_by, drafted_at = excluded.drafted_at
       WHERE state = 'draft'`,
    )
    .run(
      meetingId,
      JSON.stringify({ blocks: draft.blocks }),
      JSON.stringify(draft.recipients),
      draft.signerTitle,
      draft.signerName,
      draft.by,
      tx.now,
    );
}

/** Marks the draft issued with its register number. */
export function markConclusionNoticeIssued(
  tx: Tx,
  meetingId: string,
  o: { registerNumber: string; by: string | null },
): void {
  tx.db
    .prepare(
      `UPDATE conclusion_notices SET state = 'issued', issued_at = ?, issued_by = ?, register_number = ?
       WHERE meeting_id = ? AND state = 'draft'`,
    )
    .run(tx.now, o.by, o.registerNumber, meetingId);
}
