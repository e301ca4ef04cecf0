/**
 * Every laptop in the room witnesses the room's audit log: the room server publishes the
 * head of its hash chain (`{seq, hash}`: the newest entry's number and hash, which pins every
 * entry before it) in each meeting's live document, and this module remembers the last few
 * heads this device saw, per server and meeting, and notices when the server later shows one
 * that contradicts them:
 *
 * - `truncated` — a lower `seq` than one already seen: entries were cut off the end;
 * - `rewritten` — a `seq` seen before with another hash: history was edited and re-hashed.
 *
 * Someone who can edit the server's database can make the chain verify on the server; they
 * cannot reach into every laptop's storage. The first contradiction is kept (with the heads
 * that prove it) until this device's storage is cleared, so a reload does not hide it.
 * DOM-free, so it is unit-tested under Node; storage is localStorage in the app.
 */
import { z } from 'zod';
import { type AuditHead, AuditHeadSchema } from '#common/schemas/api';

export type { AuditHead };

/** The part of `Storage` this module uses; tests pass a Map-backed fake. */
export interface KeyValueStorage {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
}

/** A head as this device saw it. */
export interface SeenHead extends AuditHead {
  /** When it was first seen (ISO time). */
  readonly seenAt: string;
}

/** A head the server showed that contradicts one seen before. */
export interface WitnessAlarm {
  readonly kind: 'truncated' | 'rewritten';
  /** What this device had seen: the highest head (`truncated`), or the one at the same `seq` (`rewritten`). */
  readonly seen: SeenHead;
  /** What the server showed instead. */
  readonly shown: AuditHead;
  readonly detectedAt: string;
}

/** What one device remembers of one server's chain, through one meeting's live document. */
export interface WitnessRecord {
  /** The last few heads seen, lowest `seq` first. */
  readonly heads: readonly SeenHead[];
  readonly alarm: WitnessAlarm | null;
}

/** Heads remembered per server and meeting: enough to catch a rewrite of any recently witnessed `seq`. */
export const KEEP_HEADS = 8;
/** Server–meeting pairs remembered; the least recently updated are forgotten first. */
export const KEEP_RECORDS = 100;
/** The localStorage key holding every record of this device. */
export const WITNESS_STORAGE_KEY = 'paperless-room.audit-witness.v1';

export const EMPTY_RECORD: WitnessRecord = { heads: [], alarm: null };

/**
 * Holds a head the server shows now against what this device saw before. Returns the record to
 * keep: with the head added (and the oldest dropped beyond `keep`), or with an alarm — and then
 * the heads are left as they were, as the evidence. Returns `record` itself when nothing changes.
 */
export function witnessHead(
  record: WitnessRecord,
  shown: AuditHead,
  now: Date,
  keep: number = KEEP_HEADS,
): WitnessRecord {
  if (record.alarm) return record;
  const detectedAt = now.toISOString();
  const highest = record.heads.at(-1);
  if (highest && shown.seq < highest.seq) {
    return { ...record, alarm: { kind: 'truncated', seen: highest, shown: pick(shown), detectedAt } };
  }
  const same = record.heads.find((h) => h.seq === shown.seq);
  if (same) {
    if (same.hash === shown.hash) return record;
    return { ...record, alarm: { kind: 'rewritten', seen: same, shown: pick(shown), detectedAt } };
  }
  const heads = [...record.heads, { ...pick(shown), seenAt: detectedAt }].sort((a, b) => a.seq - b.seq);
  return { heads: heads.slice(Math.max(0, heads.length - keep)), alarm: null };
}

const pick = (h: AuditHead): AuditHead => ({ seq: h.seq, hash: h.hash });

/** Reads an audit head from a live-document state (or anything else); null when absent or invalid. */
export function auditHeadOf(live: object | null | undefined): AuditHead | null {
  if (!live || !('auditHead' in live)) return null;
  const parsed = AuditHeadSchema.safeParse(live.auditHead);
  return parsed.success ? pick(parsed.data) : null;
}

const SeenHeadSchema = z.object({ ...AuditHeadSchema.shape, seenAt: z.string() });
const StoredRecordSchema = z.object({
  heads: z.array(SeenHeadSchema).max(KEEP_HEADS * 4),
  alarm: z
    .object({
      kind: z.enum(['truncated', 'rewritten']),
      seen: SeenHeadSchema,
      shown: AuditHeadSchema,
      detectedAt: z.string(),
    })
    .nullable(),
  updatedAt: z.string(),
});
type StoredRecord = z.infer<typeof StoredRecordSchema>;

function readAll(storage: KeyValueStorage | null): Map<string, StoredRecord> {
  const all = new Map<string, StoredRecord>();
  let raw: string | null = null;
  try {
    raw = storage?.getItem(WITNESS_STORAGE_KEY) ?? null;
  } catch {
    // Storage disabled: witness for this session only.
  }
  if (raw === null) return all;
  try {
    const value: unknown = JSON.parse(raw);
    if (typeof value !== 'object' || value === null) return all;
    for (const [key, entry] of Object.entries(value)) {
      const parsed = StoredRecordSchema.safeParse(entry);
      if (parsed.success) all.set(key, parsed.data);
    }
  } catch {
    // A damaged entry costs the witnesses; start over.
  }
  return all;
}

/** The witness of one server's chain through one meeting's live document, kept in `storage`. */
export class AuditWitness {
  private readonly key: string;
  private current: WitnessRecord;

  constructor(
    private readonly storage: KeyValueStorage | null,
    serverUrl: string,
    meetingId: string,
  ) {
    this.key = `${serverUrl} ${meetingId}`;
    const stored = readAll(storage).get(this.key);
    this.current = stored
      ? {
          heads: [...stored.heads].sort((a, b) => a.seq - b.seq).slice(-KEEP_HEADS),
          alarm: stored.alarm,
        }
      : EMPTY_RECORD;
  }

  get record(): WitnessRecord {
    return this.current;
  }

  get alarm(): WitnessAlarm | null {
    return this.current.alarm;
  }

  /** Records a head the server shows now; returns the alarm, if this or an earlier head raised one. */
  observe(shown: AuditHead, now: Date = new Date()): WitnessAlarm | null {
    const next = witnessHead(this.current, shown, now);
    if (next === this.current) return next.alarm;
    this.current = next;
    const all = readAll(this.storage);
    all.delete(this.key);
    all.set(this.key, { heads: [...next.heads], alarm: next.alarm, updatedAt: now.toISOString() });
    const ordered = [...all.entries()].sort(([, a], [, b]) => a.updatedAt.localeCompare(b.updatedAt));
    try {
      this.storage?.setItem(
        WITNESS_STORAGE_KEY,
        JSON.stringify(Object.fromEntries(ordered.slice(Math.max(0, ordered.length - KEEP_RECORDS)))),
      );
    } catch {
      // Full or disabled storage: the witness still works for this session.
    }
    return next.alarm;
  }
}
