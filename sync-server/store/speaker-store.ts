import {
  SPEAKER_WARNING_SECONDS,
  type SpeakerKind,
  type SpeakerRequest,
  SpeakerRequestSchema,
  type SpeakerStatus,
} from '#common/schemas/session';
import type { ReadableDB } from '../db/database';
import { newId } from '../db/ids';
import type { Tx } from '../db/tx';
import { NotFoundError } from '../errors/domain-errors';

interface SpeakerRow {
  id: string;
  meeting_id: string;
  item_id: string | null;
  participant_id: string;
  name: string;
  kind: string;
  status: string;
  queue_order: number;
  requested_at: string;
  added_by: string | null;
  started_at: string | null;
  paused_at: string | null;
  paused_ms: number;
  limit_seconds: number | null;
  ended_at: string | null;
}

/** Seconds spoken from a row's times: start to end (or `nowMs`), less its pauses. */
function spoken(r: SpeakerRow, nowMs: number): number {
  if (!r.started_at) return 0;
  const end = r.ended_at ? Date.parse(r.ended_at) : r.paused_at ? Date.parse(r.paused_at) : nowMs;
  return Math.max(0, Math.round((end - Date.parse(r.started_at) - r.paused_ms) / 100) / 10);
}

const toRequest = (r: SpeakerRow, position: number | null): SpeakerRequest =>
  SpeakerRequestSchema.parse({
    id: r.id,
    meetingId: r.meeting_id,
    itemId: r.item_id,
    participantId: r.participant_id,
    name: r.name,
    kind: r.kind,
    status: r.status,
    position: r.status === 'queued' ? position : null,
    requestedAt: r.requested_at,
    addedById: r.added_by,
    timer:
      r.started_at && r.limit_seconds !== null
        ? {
            startedAt: r.started_at,
            limitSeconds: r.limit_seconds,
            pausedSeconds: r.paused_ms / 1000,
            pausedAt: r.status === 'speaking' ? r.paused_at : null,
            warningSeconds: SPEAKER_WARNING_SECONDS,
          }
        : null,
    endedAt: r.ended_at,
    spokenSeconds: r.ended_at ? spoken(r, 0) : null,
  });

const SELECT = `SELECT s.*, p.name FROM speaker_requests s JOIN participants p ON p.id = s.participant_id`;

/**
 * Floor requests per agenda item: the queue (ordered by `queue_order`), the one speaker of the
 * meeting with the timer's times, and the finished speeches kept for the minutes.
 */
export class SpeakerStore {
  constructor(private readonly db: ReadableDB) {}

  private rows(where: string, ...args: unknown[]): SpeakerRow[] {
    return this.db.prepare(`${SELECT} WHERE ${where}`).all(...args) as SpeakerRow[];
  }

  /** The meeting a request belongs to; undefined when no request has the id. */
  meetingOf(speakerId: string): string | undefined {
    const row = this.db.prepare('SELECT meeting_id FROM speaker_requests WHERE id = ?').get(speakerId) as
      | { meeting_id: string }
      | undefined;
    return row?.meeting_id;
  }

  /** A request of this meeting; 404 for an unknown id or another meeting's. */
  get(meetingId: string, speakerId: string): SpeakerRequest {
    const [row] = this.rows('s.id = ? AND s.meeting_id = ?', speakerId, meetingId);
    if (!row) throw new NotFoundError('speaker request not found');
    return toRequest(row, row.status === 'queued' ? this.positionOf(row) : null);
  }

  private positionOf(row: SpeakerRow): number {
    return this.queue(row.meeting_id, row.item_id).findIndex((r) => r.id === row.id);
  }

  /** The queue of an item, in order. */
  queue(meetingId: string, itemId: string | null): SpeakerRequest[] {
    return this.rows(
      "s.meeting_id = ? AND s.item_id IS ? AND s.status = 'queued' ORDER BY s.queue_order, s.requested_at, s.rowid",
      meetingId,
      itemId,
    ).map((r, i) => toRequest(r, i));
  }

  /** Who has the floor in the meeting, if anyone. */
  current(meetingId: string): SpeakerRequest | null {
    const [row] = this.rows("s.meeting_id = ? AND s.status = 'speaking'", meetingId);
    return row ? toRequest(row, null) : null;
  }

  /** Every request of an item (or of the meeting): the queue in order, then the rest by time. */
  list(meetingId: string, itemId?: string): SpeakerRequest[] {
    const rows =
      itemId === undefined
        ? this.rows('s.meeting_id = ? ORDER BY s.requested_at, s.rowid', meetingId)
        : this.rows('s.meeting_id = ? AND s.item_id = ? ORDER BY s.requested_at, s.rowid', meetingId, itemId);
    const queued = new Map<string | null, SpeakerRequest[]>();
    const out: SpeakerRequest[] = [];
    for (const key of new Set(rows.filter((r) => r.status === 'queued').map((r) => r.item_id))) {
      queued.set(key, this.queue(meetingId, key));
    }
    for (const list of queued.values()) out.push(...list);
    out.push(...rows.filter((r) => r.status !== 'queued').map((r) => toRequest(r, null)));
    return out;
  }

  /** Finished speeches (agenda order is the caller's), oldest first. */
  speeches(meetingId: string): SpeakerRequest[] {
    return this.rows(
      "s.meeting_id = ? AND s.status = 'done' AND s.started_at IS NOT NULL ORDER BY s.started_at, s.rowid",
      meetingId,
    ).map((r) => toRequest(r, null));
  }

  /** Whether the participant already waits in this item's queue with this kind of request. */
  isQueued(itemId: string, participantId: string, kind: SpeakerKind): boolean {
    return (
      this.db
        .prepare(
          "SELECT 1 FROM speaker_requests WHERE item_id = ? AND participant_id = ? AND kind = ? AND status = 'queued'",
        )
        .get(itemId, participantId, kind) !== undefined
    );
  }

  /** Appends a request at the end of its item's queue. */
  create(
    tx: Tx,
    req: {
      meetingId: string;
      itemId: string;
      participantId: string;
      kind: SpeakerKind;
      addedBy: string | null;
    },
  ): SpeakerRequest {
    const id = newId();
    const { last } = tx.db
      .prepare(
        "SELECT coalesce(max(queue_order), -1) AS last FROM speaker_requests WHERE item_id = ? AND status = 'queued'",
      )
      .get(req.itemId) as { last: number };
    tx.db
      .prepare(
        `INSERT INTO speaker_requests (id, meeting_id, item_id, participant_id, kind, status, queue_order,
           requested_at, added_by)
         VALUES (?, ?, ?, ?, ?, 'queued', ?, ?, ?)`,
      )
      .run(id, req.meetingId, req.itemId, req.participantId, req.kind, last + 1, tx.now, req.addedBy);
    return this.get(req.meetingId, id);
  }

  /** A queued request leaves the queue (withdrawn or rejected). */
  close(
    tx: Tx,
    speaker: SpeakerRequest,
    status: Extract<SpeakerStatus, 'withdrawn' | 'rejected'>,
  ): SpeakerRequest {
    tx.db
      .prepare('UPDATE speaker_requests SET status = ?, ended_at = ? WHERE id = ?')
      .run(status, tx.now, speaker.id);
    return this.get(speaker.meetingId, speaker.id);
  }

  /** Moves a queued request to `index` in its queue (clamped); renumbers the queue. */
  move(tx: Tx, speaker: SpeakerRequest, index: number): { from: number; to: number } {
    const ids = this.queue(speaker.meetingId, speaker.itemId).map((r) => r.id);
    const from = ids.indexOf(speaker.id);
    const to = Math.min(index, ids.length - 1);
    ids.splice(from, 1);
    ids.splice(to, 0, speaker.id);
    const set = tx.db.prepare('UPDATE speaker_requests SET queue_order = ? WHERE id = ?');
    for (const [i, id] of ids.entries()) set.run(i, id);
    return { from, to };
  }

  /** The request gets the floor: its timer starts now. */
  grant(tx: Tx, speaker: SpeakerRequest, limitSeconds: number): SpeakerRequest {
    tx.db
      .prepare(
        `UPDATE speaker_requests SET status = 'speaking', started_at = ?, paused_at = NULL, paused_ms = 0,
           limit_seconds = ? WHERE id = ?`,
      )
      .run(tx.now, limitSeconds, speaker.id);
    return this.get(speaker.meetingId, speaker.id);
  }

  pauseTimer(tx: Tx, speaker: SpeakerRequest): SpeakerRequest {
    tx.db.prepare('UPDATE speaker_requests SET paused_at = ? WHERE id = ?').run(tx.now, speaker.id);
    return this.get(speaker.meetingId, speaker.id);
  }

  resumeTimer(tx: Tx, speaker: SpeakerRequest): SpeakerRequest {
    this.foldPause(tx, speaker.id);
    return this.get(speaker.meetingId, speaker.id);
  }

  /** The speech ends now (a pause in progress ends with it). */
  finish(tx: Tx, speaker: SpeakerRequest): SpeakerRequest {
    this.foldPause(tx, speaker.id);
    tx.db
      .prepare("UPDATE speaker_requests SET status = 'done', ended_at = ? WHERE id = ?")
      .run(tx.now, speaker.id);
    return this.get(speaker.meetingId, speaker.id);
  }

  /** Adds an open pause to the paused total and clears it. */
  private foldPause(tx: Tx, speakerId: string): void {
    const row = tx.db.prepare('SELECT paused_at FROM speaker_requests WHERE id = ?').get(speakerId) as
      | { paused_at: string | null }
      | undefined;
    if (!row?.paused_at) return;
    const ms = Math.max(0, Date.parse(tx.now) - Date.parse(row.paused_at));
    tx.db
      .prepare('UPDATE speaker_requests SET paused_ms = paused_ms + ?, paused_at = NULL WHERE id = ?')
      .run(ms, speakerId);
  }
}
