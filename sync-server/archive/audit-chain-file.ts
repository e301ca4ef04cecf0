import { type AuditRow, entryHash, GENESIS_HASH } from '../audit/audit-log';
import type { PayloadInspector } from './bagit/bag-verifier';

/**
 * The audit log as a package carries it: one JSON object per line, oldest first, the whole chain
 * from its first entry to the head read in the export's transaction, so anyone can re-walk it.
 * Entries of this meeting and of the room (no meeting) are written whole, with exactly the stored
 * columns the hash covers; entries of other meetings are written as `{seq, redacted, prev_hash,
 * hash}` only, so one meeting's package does not disclose another's (their hashes still link the
 * chain, but cannot be recomputed from the package).
 */
export const AUDIT_LOG_PATH = 'audit/audit-log.jsonl';
/** The chain's head at export, `{seq, hash}`, also stated in `bag-info.txt` as `Audit-Chain-Head`. */
export const AUDIT_HEAD_PATH = 'audit/audit-head.json';

/** One line of the file. */
export function auditLine(row: AuditRow, meetingId: string): string {
  const whole = row.meeting_id === null || row.meeting_id === meetingId;
  const entry = whole
    ? {
        seq: row.seq,
        at: row.at,
        actor_id: row.actor_id,
        action: row.action,
        meeting_id: row.meeting_id,
        payload: row.payload,
        prev_hash: row.prev_hash,
        hash: row.hash,
      }
    : { seq: row.seq, redacted: true, prev_hash: row.prev_hash, hash: row.hash };
  return `${JSON.stringify(entry)}\n`;
}

/** What re-walking the exported chain found. */
export interface AuditFileCheck {
  readonly entries: number;
  /** The first entry that does not match its hash, its predecessor or its place; null when all do. */
  readonly firstBadSeq: number | null;
  /** Why that entry is bad. */
  readonly reason: string | null;
  /** The last entry read: the head the chain reaches. */
  readonly head: { seq: number; hash: string };
}

/** A line longer than this is not an entry we wrote (payloads are small records). */
const MAX_LINE = 4 * 1024 * 1024;

const isHash = (v: unknown): v is string => typeof v === 'string' && /^[0-9a-f]{64}$/.test(v);
const isText = (v: unknown): v is string => typeof v === 'string';
const isTextOrNull = (v: unknown): v is string | null => v === null || typeof v === 'string';

/**
 * Re-walks the exported chain as its bytes stream past, a line at a time: each entry must follow
 * the one before (`seq` + 1, `prev_hash` = its hash) and, when written whole, recompute to its
 * `hash` with the server's own formula. Stops judging at the first bad entry, which it names.
 */
export class AuditChainChecker implements PayloadInspector {
  private readonly decoder = new TextDecoder('utf-8', { fatal: false });
  private pending = '';
  private entries = 0;
  private prevHash = GENESIS_HASH;
  private expectedSeq = 1;
  private firstBadSeq: number | null = null;
  private reason: string | null = null;

  update(chunk: Uint8Array): void {
    if (this.firstBadSeq !== null) return;
    this.pending += this.decoder.decode(chunk, { stream: true });
    let nl = this.pending.indexOf('\n');
    while (nl >= 0 && this.firstBadSeq === null) {
      this.line(this.pending.slice(0, nl));
      this.pending = this.pending.slice(nl + 1);
      nl = this.pending.indexOf('\n');
    }
    if (this.pending.length > MAX_LINE) this.bad(this.expectedSeq, 'the entry is too long');
  }

  /** Nothing here: `verifyMeetingPackage` reads {@link result} and names the first bad entry itself. */
  finish(): string[] {
    return [];
  }

  result(): AuditFileCheck {
    if (this.firstBadSeq === null) {
      this.pending += this.decoder.decode();
      if (this.pending.trim() !== '') this.line(this.pending);
      this.pending = '';
    }
    return {
      entries: this.entries,
      firstBadSeq: this.firstBadSeq,
      reason: this.reason,
      head: { seq: this.expectedSeq - 1, hash: this.prevHash },
    };
  }

  private line(text: string): void {
    if (text.trim() === '') return;
    this.entries++;
    let entry: Record<string, unknown> | null = null;
    try {
      const parsed: unknown = JSON.parse(text);
      if (typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)) {
        entry = parsed as Record<string, unknown>;
      }
    } catch {
      entry = null;
    }
    if (!entry) {
      this.bad(this.expectedSeq, 'the line is not a JSON object');
      return;
    }
    const reason = this.judge(entry);
    if (reason !== null) {
      this.bad(typeof entry.seq === 'number' ? entry.seq : this.expectedSeq, reason);
      return;
    }
    this.prevHash = entry.hash as string;
    this.expectedSeq++;
  }

  /** Why the entry does not hold in its place, or null when it does. */
  private judge(entry: Record<string, unknown>): string | null {
    if (entry.seq !== this.expectedSeq) return `expected entry ${this.expectedSeq} here`;
    if (!isHash(entry.hash) || !isHash(entry.prev_hash)) return 'hash or prev_hash is not a hash';
    if (entry.prev_hash !== this.prevHash) return 'prev_hash is not the previous entry’s hash';
    if (entry.redacted === true) return null;
    const { at, actor_id, action, meeting_id, payload } = entry;
    if (
      !isText(at) ||
      !isTextOrNull(actor_id) ||
      !isText(action) ||
      !isTextOrNull(meeting_id) ||
      !isText(payload)
    ) {
      return 'a column is missing or of the wrong type';
    }
    const row = {
      seq: this.expectedSeq,
      at,
      actor_id,
      action,
      meeting_id,
      payload,
      prev_hash: entry.prev_hash,
    };
    return entryHash(row) === entry.hash ? null : 'its content does not match its hash';
  }

  private bad(seq: number, reason: string): void {
    this.firstBadSeq ??= seq;
    this.reason ??= reason;
  }
}
