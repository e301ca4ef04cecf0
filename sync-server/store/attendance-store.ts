import {
  type AttendanceEntry,
  AttendanceEntrySchema,
  type AttendanceEvent,
  type AttendanceEventKind,
  AttendanceEventSchema,
  type AttendanceStatus,
  MEMBER_ROLES,
} from '#common/schemas/session';
import type { Participant } from '#common/schemas/participant';
import type { ReadableDB } from '../db/database';
import type { Tx } from '../db/tx';

interface EntryRow {
  id: string;
  name: string;
  role: string;
  status: string | null;
  reason: string | null;
  proxy_holder_id: string | null;
  updated_at: string | null;
}

interface EventRow {
  seq: number;
  at: string;
  kind: string;
  participant_id: string;
  participant_name: string;
  status: string;
  reason: string;
  proxy_holder_id: string | null;
  proxy_holder_name: string | null;
  by_id: string | null;
  by_name: string | null;
}

const toEntry = (r: EntryRow): AttendanceEntry =>
  AttendanceEntrySchema.parse({
    participantId: r.id,
    name: r.name,
    role: r.role,
    member: (MEMBER_ROLES as readonly string[]).includes(r.role),
    status: r.status ?? 'absent',
    reason: r.reason ?? '',
    proxyHolderId: r.proxy_holder_id,
    updatedAt: r.updated_at,
  });

const toEvent = (r: EventRow): AttendanceEvent =>
  AttendanceEventSchema.parse({
    seq: r.seq,
    at: r.at,
    kind: r.kind,
    participantId: r.participant_id,
    name: r.participant_name,
    status: r.status,
    reason: r.reason,
    proxyHolderId: r.proxy_holder_id,
    proxyHolderName: r.proxy_holder_name,
    byId: r.by_id,
    byName: r.by_name,
  });

const ENTRY_SELECT = `SELECT p.id, p.name, p.role, a.status, a.reason, a.proxy_holder_id, a.updated_at
  FROM participants p LEFT JOIN attendance a ON a.participant_id = p.id`;

/** What a change sets: the status, its reason, and who holds the participant's proxy. */
export interface AttendanceChange {
  readonly status: AttendanceStatus;
  readonly reason: string;
  readonly proxyHolderId: string | null;
}

/**
 * Attendance now (one row per participant who has one; none means absent, not arrived) and
 * the ledger: every change appends a line with its time, the names as they were, and who
 * recorded it, so the ledger reads the same after a participant is renamed or removed.
 */
export class AttendanceStore {
  constructor(private readonly db: ReadableDB) {}

  /** Every participant of the meeting in protocol order, with their attendance. */
  list(meetingId: string): AttendanceEntry[] {
    return (
      this.db
        .prepare(`${ENTRY_SELECT} WHERE p.meeting_id = ? ORDER BY p.protocol_order, p.created_at, p.rowid`)
        .all(meetingId) as EntryRow[]
    ).map(toEntry);
  }

  /** One participant's attendance (absent when nothing was recorded). */
  entry(participantId: string): AttendanceEntry | null {
    const row = this.db.prepare(`${ENTRY_SELECT} WHERE p.id = ?`).get(participantId) as EntryRow | undefined;
    return row ? toEntry(row) : null;
  }

  /** Members whose proxy this participant holds. */
  proxiesHeldBy(participantId: string): string[] {
    return (
      this.db
        .prepare('SELECT participant_id FROM attendance WHERE proxy_holder_id = ?')
        .all(participantId) as {
        participant_id: string;
      }[]
    ).map((r) => r.participant_id);
  }

  /** The ledger, oldest first. */
  ledger(meetingId: string): AttendanceEvent[] {
    return (
      this.db
        .prepare('SELECT * FROM attendance_events WHERE meeting_id = ? ORDER BY seq')
        .all(meetingId) as EventRow[]
    ).map(toEvent);
  }

  /** Records a change of one participant and appends its ledger line. */
  record(
    tx: Tx,
    who: Participant,
    change: AttendanceChange,
    kind: AttendanceEventKind,
    by: Participant | null,
  ): AttendanceEntry {
    const meetingId = who.meetingId;
    if (meetingId === null) throw new Error('room staff has no attendance');
    tx.db
      .prepare(
        `INSERT INTO attendance (participant_id, meeting_id, status, reason, proxy_holder_id, updated_at)
         VALUES (?, ?, ?, ?, ?, ?)
         ON CONFLICT (participant_id) DO UPDATE SET status = excluded.status, reason = excluded.reason,
           proxy_holder_id = excluded.proxy_holder_id, updated_at = excluded.updated_at`,
      )
      .run(who.id, meetingId, change.status, change.reason, change.proxyHolderId, tx.now);
    const holder = change.proxyHolderId
      ? (this.db.prepare('SELECT name FROM participants WHERE id = ?').get(change.proxyHolderId) as
          | { name: string }
          | undefined)
      : undefined;
    tx.db
      .prepare(
        `INSERT INTO attendance_events (meeting_id, participant_id, participant_name, kind, status, reason,
           proxy_holder_id, proxy_holder_name, by_id, by_name, at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(
        meetingId,
        who.id,
        who.name,
        kind,
        change.status,
        change.reason,
        change.proxyHolderId,
        holder?.name ?? null,
        by?.id ?? null,
        by?.name ?? null,
        tx.now,
      );
    const entry = this.entry(who.id);
    if (!entry) throw new Error('attendance of a participant that does not exist');
    return entry;
  }
}
