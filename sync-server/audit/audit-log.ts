import { createHash } from 'node:crypto';
import { type AuditRecord, parseAuditPayload } from '#common/audit/audit-actions';
import type { ReadableDB } from '../db/database';
import type { Tx } from '../db/tx';

/** The hash a chain starts from: no entry before the first. */
export const GENESIS_HASH = '0'.repeat(64);

interface AuditRow {
  seq: number;
  at: string;
  actor_id: string | null;
  action: string;
  meeting_id: string | null;
  payload: string;
  prev_hash: string;
  hash: string;
}

/**
 * The hash covers every stored column and the previous entry's hash, so changing, deleting
 * or reordering any row breaks every hash after it.
 */
function entryHash(row: Omit<AuditRow, 'hash'>): string {
  const material = JSON.stringify([
    row.seq,
    row.at,
    row.actor_id,
    row.action,
    row.meeting_id,
    row.payload,
    row.prev_hash,
  ]);
  return createHash('sha256').update(material).digest('hex');
}

/**
 * Appends one entry inside the transaction of the command it records, so the entry and the
 * change it describes commit together or not at all. The payload is checked against its
 * action's schema first: an undeclared field (a raw request, a secret ballot's choice) throws.
 */
export function appendAudit(
  tx: Tx,
  actorId: string | null,
  record: AuditRecord,
): { seq: number; hash: string } {
  const payload = parseAuditPayload(record.action, record.payload);
  const last = tx.db.prepare('SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1').get() as
    | { seq: number; hash: string }
    | undefined;
  const row = {
    seq: (last?.seq ?? 0) + 1,
    at: tx.now,
    actor_id: actorId,
    action: record.action,
    meeting_id: record.meetingId,
    payload: JSON.stringify(payload),
    prev_hash: last?.hash ?? GENESIS_HASH,
  };
  const hash = entryHash(row);
  tx.db
    .prepare(
      `INSERT INTO audit_log (seq, at, actor_id, action, meeting_id, payload, prev_hash, hash)
       VALUES (@seq, @at, @actor_id, @action, @meeting_id, @payload, @prev_hash, @hash)`,
    )
    .run({ ...row, hash });
  return { seq: row.seq, hash };
}

export interface AuditVerification {
  readonly ok: boolean;
  readonly entries: number;
  /** The first entry that does not match its hash, its predecessor or its place; null when ok. */
  readonly firstBadSeq: number | null;
}

/** Walks the whole chain and recomputes every hash. */
export function verifyAuditChain(db: ReadableDB): AuditVerification {
  let prevHash = GENESIS_HASH;
  let expectedSeq = 1;
  let entries = 0;
  for (const row of db
    .prepare('SELECT * FROM audit_log ORDER BY seq')
    .iterate() as IterableIterator<AuditRow>) {
    entries++;
    const intact = row.seq === expectedSeq && row.prev_hash === prevHash && entryHash(row) === row.hash;
    if (!intact) return { ok: false, entries, firstBadSeq: row.seq };
    prevHash = row.hash;
    expectedSeq++;
  }
  return { ok: true, entries, firstBadSeq: null };
}

/** Entries of one meeting (or all), oldest first. */
export function listAudit(db: ReadableDB, meetingId?: string): AuditRow[] {
  return (
    meetingId
      ? db.prepare('SELECT * FROM audit_log WHERE meeting_id = ? ORDER BY seq').all(meetingId)
      : db.prepare('SELECT * FROM audit_log ORDER BY seq').all()
  ) as AuditRow[];
}
