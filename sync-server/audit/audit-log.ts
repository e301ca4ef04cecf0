import { createHash } from 'node:crypto';
import { type AuditRecord, parseAuditPayload } from '#common/audit/audit-actions';
import type { AuditHead, AuditHeadCheck, AuditProblem } from '#common/schemas/api';
import type { ReadableDB } from '../db/database';
import type { Tx } from '../db/tx';

/** The hash a chain starts from: no entry before the first. */
export const GENESIS_HASH = '0'.repeat(64);

export interface AuditRow {
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
export function entryHash(row: Omit<AuditRow, 'hash'>): string {
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

/** A head seen earlier, as the chain now judges it. */
export interface CheckedAuditHead extends AuditHead {
  readonly status: AuditHeadCheck;
}

/** What to hold the chain against besides its own hashes. */
export interface AuditVerifyAgainst {
  /** The head stored outside the database after the last commit (`audit-anchor.ts`); null when none. */
  readonly anchor: AuditHead | null;
  /** Heads witnessed elsewhere: laptops, printed minutes, an archive package. */
  readonly witnesses?: readonly AuditHead[];
}

export interface AnchoredAuditVerification extends AuditVerification {
  /** The chain's newest entry as stored now. */
  readonly head: AuditHead;
  readonly anchor: CheckedAuditHead | null;
  /** What failed when `ok` is false: `broken` first, then the stored head, then the first witness. */
  readonly problem: AuditProblem | null;
  readonly witnesses: CheckedAuditHead[];
}

/**
 * The chain's head: its newest entry's sequence number and hash, `{seq: 0, hash: GENESIS_HASH}`
 * when empty. Read it inside the transaction that should cite it (e.g. finalising minutes, or
 * sealing an archive package) to print exactly the head that includes that transaction's own
 * entry; anyone holding it can later prove the chain up to there was not rewritten or cut.
 */
export function currentAuditHead(db: ReadableDB): AuditHead {
  const last = db.prepare('SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1').get() as
    | AuditHead
    | undefined;
  return last ? { seq: last.seq, hash: last.hash } : { seq: 0, hash: GENESIS_HASH };
}

/**
 * Judges a head seen earlier against the chain as stored now (indexed look-ups, not a walk):
 * the entry at its `seq` must carry its hash. Since every hash covers the one before it, a
 * confirmed head also confirms the stored entries before it — as far as they recompute, which
 * the walk in {@link verifyAuditChain} checks.
 */
export function checkAuditHead(db: ReadableDB, head: AuditHead): AuditHeadCheck {
  if (head.seq === 0) return head.hash === GENESIS_HASH ? 'confirmed' : 'rewritten';
  const row = db.prepare('SELECT hash FROM audit_log WHERE seq = ?').get(head.seq) as
    | { hash: string }
    | undefined;
  if (row) return row.hash === head.hash ? 'confirmed' : 'rewritten';
  // Gone: cut off the end, or deleted from the middle (the walk reports the latter as broken too).
  return currentAuditHead(db).seq < head.seq ? 'truncated' : 'rewritten';
}

/** Walks the whole chain and recomputes every hash. */
export function verifyAuditChain(db: ReadableDB): AuditVerification;
/**
 * Walks the whole chain and recomputes every hash, then holds its end against the head stored
 * outside the database and against witnesses: a chain that recomputes but ends before the
 * stored head was `truncated`; one whose entry at that `seq` has another hash was `rewritten`
 * (edited and re-hashed to the end).
 */
export function verifyAuditChain(db: ReadableDB, against: AuditVerifyAgainst): AnchoredAuditVerification;
export function verifyAuditChain(
  db: ReadableDB,
  against?: AuditVerifyAgainst,
): AuditVerification | AnchoredAuditVerification {
  const walked = walkChain(db);
  if (!against) return walked;
  const check = (h: AuditHead): CheckedAuditHead => ({
    seq: h.seq,
    hash: h.hash,
    status: checkAuditHead(db, h),
  });
  const anchor = against.anchor ? check(against.anchor) : null;
  const witnesses = (against.witnesses ?? []).map(check);
  const contradicted = (c: CheckedAuditHead | null | undefined): AuditProblem | null =>
    c && c.status !== 'confirmed' ? c.status : null;
  const problem: AuditProblem | null =
    walked.firstBadSeq !== null
      ? 'broken'
      : (contradicted(anchor) ?? contradicted(witnesses.find((w) => w.status !== 'confirmed')));
  return { ...walked, ok: problem === null, head: currentAuditHead(db), anchor, problem, witnesses };
}

function walkChain(db: ReadableDB): AuditVerification {
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
