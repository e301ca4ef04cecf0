import { bodyAbbreviation, bodyLocality } from '#common/documents/issuing-body';
import type { MinutesAddendum, MinutesContent, MinutesState } from '#common/schemas/minutes';
import { MinutesContentSchema } from '#common/schemas/minutes';
import type { MinutesExportModel } from '#common/schemas/minutes-export';
import type { ReadableDB } from '../db/database';
import { conclusionNoticeStatus } from '../store/conclusion-notice-status';

export type { MinutesExportModel } from '#common/schemas/minutes-export';

/** "Nơi nhận" of the minutes: the members, then the file copy (Decree 30: the last entry). */
export const MINUTES_RECIPIENTS = ['Các thành viên dự họp', 'Lưu: VT, Hồ sơ'] as const;

export interface MinutesExportOptions {
  /**
   * The draft's content, read by the caller from the live `meeting/<m>/minutes` document
   * (`readMinutesContent`): the hub sits above this layer. Ignored once the minutes are
   * final (the frozen text is the record); an empty draft when absent.
   */
  draftContent?: MinutesContent;
  /** "Now" for the notice's due warning; the current time when absent. */
  now?: Date;
}

/** Thrown for a meeting that does not exist. */
export class MeetingNotFoundError extends Error {
  override readonly name = 'MeetingNotFoundError';
}

interface MeetingRow {
  id: string;
  title: string;
  body: string;
  place: string;
  starts_at: string;
  time_zone: string;
  started_at: string | null;
  ended_at: string | null;
  classified: number;
}

interface MinutesRow {
  state: MinutesState;
  final_json: string | null;
  sha256: string | null;
  register_number: string | null;
  finalised_at: string | null;
}

function tableExists(db: ReadableDB, name: string): boolean {
  return db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?").get(name) !== undefined;
}

/**
 * The body field holds the issuing body, optionally after its governing body on lines above
 * ("ỦY BAN NHÂN DÂN TỈNH THÁI NGUYÊN\nSỞ TÀI CHÍNH"): the last line issues, the others govern.
 */
export function splitBodies(body: string): { governing: string; issuing: string } {
  const lines = body
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => l.length > 0);
  const issuing = lines.at(-1) ?? '';
  return { governing: lines.slice(0, -1).join(' '), issuing };
}

function signer(db: ReadableDB, meetingId: string, role: 'chair' | 'secretary'): { name: string } | null {
  const row = db
    .prepare(
      'SELECT name FROM participants WHERE meeting_id = ? AND role = ? ORDER BY created_at, id LIMIT 1',
    )
    .get(meetingId, role) as { name: string } | undefined;
  return row ? { name: row.name } : null;
}

/**
 * Gathers what every export of a meeting's minutes shows: the meeting and its bodies, the
 * register number, chair and secretary, the state and the frozen text (or the draft the
 * caller read), the addenda, the recipients and the conclusion notice's status. The only
 * place these facts are gathered: the PDF, DOCX, JSON and the archive package all read this.
 */
export function buildMinutesExportModel(
  db: ReadableDB,
  meetingId: string,
  opts: MinutesExportOptions = {},
): MinutesExportModel {
  const meeting = db
    .prepare(
      `SELECT m.id, m.title, m.body, m.place, m.starts_at, m.time_zone, s.started_at, s.ended_at,
              EXISTS (SELECT 1 FROM documents d WHERE d.meeting_id = m.id AND d.classification = 'mat') AS classified
       FROM meetings m LEFT JOIN meeting_sessions s ON s.meeting_id = m.id WHERE m.id = ?`,
    )
    .get(meetingId) as MeetingRow | undefined;
  if (!meeting) throw new MeetingNotFoundError(`no meeting ${meetingId}`);

  const minutes = tableExists(db, 'minutes')
    ? (db
        .prepare(
          'SELECT state, final_json, sha256, register_number, finalised_at FROM minutes WHERE meeting_id = ?',
        )
        .get(meetingId) as MinutesRow | undefined)
    : undefined;
  const state: MinutesState = minutes?.state ?? 'draft';
  const frozen = state !== 'draft' && minutes?.final_json;
  const content = frozen
    ? MinutesContentSchema.parse(JSON.parse(minutes.final_json as string))
    : (opts.draftContent ?? { blocks: [] });

  const addenda: MinutesAddendum[] = tableExists(db, 'minutes_addenda')
    ? (
        db
          .prepare('SELECT seq, at, by_name, text FROM minutes_addenda WHERE meeting_id = ? ORDER BY seq')
          .all(meetingId) as { seq: number; at: string; by_name: string; text: string }[]
      ).map((a) => ({ seq: a.seq, at: a.at, by: a.by_name, text: a.text }))
    : [];

  const { governing, issuing } = splitBodies(meeting.body);
  return {
    meeting: {
      id: meeting.id,
      title: meeting.title,
      body: governing,
      issuingBody: issuing,
      abbreviation: bodyAbbreviation(issuing),
      place: meeting.place,
      locality: bodyLocality(issuing) || bodyLocality(governing),
      startedAt: meeting.started_at ?? meeting.starts_at,
      endedAt: meeting.ended_at,
      timeZone: meeting.time_zone,
      classified: meeting.classified === 1,
    },
    registerNumber: state === 'draft' ? null : (minutes?.register_number ?? null),
    chair: signer(db, meetingId, 'chair'),
    secretary: signer(db, meetingId, 'secretary'),
    state,
    finalisedAt: state === 'draft' ? null : (minutes?.finalised_at ?? null),
    sha256: state === 'draft' ? null : (minutes?.sha256 ?? null),
    content,
    addenda,
    recipients: [...MINUTES_RECIPIENTS],
    conclusionNotice: conclusionNoticeStatus(db, meetingId, meeting.ended_at, opts.now ?? new Date()),
  };
}
