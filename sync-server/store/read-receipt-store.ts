import type { ReadReceipt } from '#common/schemas/read-receipt';
import type { ReadableDB } from '../db/database';
import type { Tx } from '../db/tx';

interface ReceiptRow {
  participant_id: string;
  version: number;
  first_opened_at: string;
  last_opened_at: string;
  open_count: number;
}

const toReceipt = (r: ReceiptRow): ReadReceipt => ({
  version: r.version,
  firstOpenedAt: r.first_opened_at,
  lastOpenedAt: r.last_opened_at,
  openCount: r.open_count,
});

/** Who opened which version of which document (table `read_receipts`, migration 0070). */
export class ReadReceiptStore {
  constructor(private readonly db: ReadableDB) {}

  /**
   * Records one open at the transaction's time: the first open of a version makes its row, a
   * later one moves `lastOpenedAt` and counts. Returns the row and whether this open was the first.
   */
  record(
    tx: Tx,
    o: { documentId: string; participantId: string; version: number },
  ): { receipt: ReadReceipt; first: boolean } {
    const inserted = tx.db
      .prepare(
        `INSERT INTO read_receipts (document_id, participant_id, version, first_opened_at, last_opened_at, open_count)
         VALUES (@documentId, @participantId, @version, @now, @now, 1)
         ON CONFLICT (document_id, participant_id, version) DO NOTHING`,
      )
      .run({ ...o, now: tx.now });
    const first = inserted.changes === 1;
    if (!first) {
      tx.db
        .prepare(
          `UPDATE read_receipts SET last_opened_at = max(last_opened_at, @now), open_count = open_count + 1
           WHERE document_id = @documentId AND participant_id = @participantId AND version = @version`,
        )
        .run({ ...o, now: tx.now });
    }
    const row = tx.db
      .prepare('SELECT * FROM read_receipts WHERE document_id = ? AND participant_id = ? AND version = ?')
      .get(o.documentId, o.participantId, o.version) as ReceiptRow;
    return { receipt: toReceipt(row), first };
  }

  /** Every receipt of a document by participant, newest version first. */
  forDocument(documentId: string): Map<string, ReadReceipt[]> {
    const rows = this.db
      .prepare('SELECT * FROM read_receipts WHERE document_id = ? ORDER BY participant_id, version DESC')
      .all(documentId) as ReceiptRow[];
    const byParticipant = new Map<string, ReadReceipt[]>();
    for (const row of rows) {
      const list = byParticipant.get(row.participant_id) ?? [];
      list.push(toReceipt(row));
      byParticipant.set(row.participant_id, list);
    }
    return byParticipant;
  }
}
