import { bodyAbbreviation, formatRegisterNumber } from '#common/documents/issuing-body';
import { wallClockAt } from '#common/time/meeting-time';
import type { ReadableDB, WritableDB } from '../db/database';
import { nowIso } from '../db/ids';

/** Document kinds the room numbers (Appendix III symbols): biên bản, thông báo. */
export type RegisterKind = 'BB' | 'TB';

export interface RegisterRequest {
  meetingId: string;
  kind: RegisterKind;
  /** The calendar year of issue in Vietnam's calendar: numbers restart at 01 each 1 January. */
  year: number;
  /** Classified documents have a series of their own (Decree 30 art. 25). */
  classified: boolean;
}

export interface RegisterNumber {
  number: number;
  /** "07/BB-UBND". */
  formatted: string;
}

interface EntryRow {
  number: number;
  formatted: string;
}

/**
 * Takes the next number of the year's series for a meeting's document, or returns the one it
 * already has (finalising twice, or a retried request, must not use up a second number).
 * One series per year for every kind, classified documents apart. Runs in the caller's
 * transaction when there is one (the finalise command's), else in its own IMMEDIATE one, so
 * two writers on the same database file never take the same number.
 */
export function assignRegisterNumber(db: WritableDB, request: RegisterRequest): RegisterNumber {
  const { meetingId, kind, year, classified } = request;
  const assign = db.transaction((): RegisterNumber => {
    const existing = db
      .prepare('SELECT number, formatted FROM register_entries WHERE meeting_id = ? AND kind = ?')
      .get(meetingId, kind) as EntryRow | undefined;
    if (existing) return existing;
    const meeting = db.prepare('SELECT body FROM meetings WHERE id = ?').get(meetingId) as
      | { body: string }
      | undefined;
    if (!meeting) throw new Error(`no meeting ${meetingId} to number`);
    const { next } = db
      .prepare(
        'SELECT COALESCE(MAX(number), 0) + 1 AS next FROM register_entries WHERE year = ? AND classified = ?',
      )
      .get(year, classified ? 1 : 0) as { next: number };
    const formatted = formatRegisterNumber(next, kind, bodyAbbreviation(meeting.body));
    db.prepare(
      `INSERT INTO register_entries (year, classified, number, kind, meeting_id, formatted, assigned_at)
       VALUES (?, ?, ?, ?, ?, ?, ?)`,
    ).run(year, classified ? 1 : 0, next, kind, meetingId, formatted, nowIso());
    return { number: next, formatted };
  });
  return db.inTransaction ? assign() : assign.immediate();
}

/** The number a meeting's document was given, or null before it was numbered. */
export function registerNumberOf(
  db: ReadableDB,
  meetingId: string,
  kind: RegisterKind,
): RegisterNumber | null {
  const row = db
    .prepare('SELECT number, formatted FROM register_entries WHERE meeting_id = ? AND kind = ?')
    .get(meetingId, kind) as EntryRow | undefined;
  return row ?? null;
}

/** One line of the register, for the register route. */
export interface RegisterEntry {
  year: number;
  classified: boolean;
  number: number;
  kind: RegisterKind;
  meetingId: string;
  formatted: string;
  assignedAt: string;
}

/** The year's entries of one series, in number order. */
export function listRegister(db: ReadableDB, year: number, classified: boolean): RegisterEntry[] {
  const rows = db
    .prepare(
      `SELECT year, classified, number, kind, meeting_id, formatted, assigned_at FROM register_entries
       WHERE year = ? AND classified = ? ORDER BY number`,
    )
    .all(year, classified ? 1 : 0) as {
    year: number;
    classified: number;
    number: number;
    kind: RegisterKind;
    meeting_id: string;
    formatted: string;
    assigned_at: string;
  }[];
  return rows.map((r) => ({
    year: r.year,
    classified: r.classified === 1,
    number: r.number,
    kind: r.kind,
    meetingId: r.meeting_id,
    formatted: r.formatted,
    assignedAt: r.assigned_at,
  }));
}

/**
 * Numbers a meeting's biên bản or thông báo issued at `atIso` (the command's clock): in the
 * series of the meeting's calendar year where it is held, the classified one when the meeting
 * has a classified ("mật") document.
 */
export function assignMeetingRegisterNumber(
  db: WritableDB,
  meeting: { id: string; timeZone: string },
  kind: RegisterKind,
  atIso: string,
): RegisterNumber {
  const { c } = db
    .prepare("SELECT EXISTS (SELECT 1 FROM documents WHERE meeting_id = ? AND classification = 'mat') AS c")
    .get(meeting.id) as { c: number };
  const year = wallClockAt(Date.parse(atIso), meeting.timeZone).year;
  return assignRegisterNumber(db, { meetingId: meeting.id, kind, year, classified: c === 1 });
}
