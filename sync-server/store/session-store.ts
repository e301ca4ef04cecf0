import type { MeetingStatus } from '#common/schemas/meeting';
import {
  DEFAULT_SESSION_RULES,
  QuorumRuleSchema,
  type Session,
  SessionSchema,
  type SessionRules,
  SessionRulesSchema,
  type SessionState,
} from '#common/schemas/session';
import type { ReadableDB } from '../db/database';
import type { Tx } from '../db/tx';

interface SessionRow {
  meeting_id: string;
  state: string;
  started_at: string | null;
  ended_at: string | null;
  paused_at: string | null;
  paused_ms: number;
  current_item_id: string | null;
  quorum_kind: string;
  quorum_count: number | null;
  proxies_allowed: number;
  limit_phat_bieu: number;
  limit_tranh_luan: number;
  limit_chat_van: number;
}

const toSession = (r: SessionRow | undefined): Session =>
  SessionSchema.parse({
    state: r?.state ?? 'not_started',
    startedAt: r?.started_at ?? null,
    endedAt: r?.ended_at ?? null,
    pausedAt: r?.paused_at ?? null,
    currentItemId: r?.current_item_id ?? null,
  });

const toRules = (r: SessionRow | undefined): SessionRules =>
  r
    ? SessionRulesSchema.parse({
        quorum: QuorumRuleSchema.parse(
          r.quorum_kind === 'fixed' ? { kind: 'fixed', count: r.quorum_count } : { kind: r.quorum_kind },
        ),
        proxiesAllowed: r.proxies_allowed === 1,
        speakerLimits: {
          phat_bieu: r.limit_phat_bieu,
          tranh_luan: r.limit_tranh_luan,
          chat_van: r.limit_chat_van,
        },
      })
    : DEFAULT_SESSION_RULES;

/**
 * A meeting's session: its state, times, current item and rules, one row per meeting made the
 * first time anything is written (a meeting without one has not started and runs by the
 * default rules). Moving the state also moves the meeting's own `status`, in the same
 * transaction, so the two never disagree.
 */
export class SessionStore {
  constructor(private readonly db: ReadableDB) {}

  private row(meetingId: string): SessionRow | undefined {
    return this.db.prepare('SELECT * FROM meeting_sessions WHERE meeting_id = ?').get(meetingId) as
      | SessionRow
      | undefined;
  }

  get(meetingId: string): Session {
    return toSession(this.row(meetingId));
  }

  rules(meetingId: string): SessionRules {
    return toRules(this.row(meetingId));
  }

  /** Milliseconds the session was paused before its current pause (if any). */
  pausedMs(meetingId: string): number {
    return this.row(meetingId)?.paused_ms ?? 0;
  }

  /** Meetings whose session runs (in session or paused): their live documents are refilled at start-up. */
  running(): string[] {
    return (
      this.db
        .prepare("SELECT meeting_id FROM meeting_sessions WHERE state IN ('in_session', 'paused')")
        .all() as { meeting_id: string }[]
    ).map((r) => r.meeting_id);
  }

  private ensure(tx: Tx, meetingId: string): void {
    tx.db
      .prepare('INSERT INTO meeting_sessions (meeting_id, updated_at) VALUES (?, ?) ON CONFLICT DO NOTHING')
      .run(meetingId, tx.now);
  }

  /** Moves the session to `state`, stamping the time it entered it, and the meeting's status with it. */
  setState(tx: Tx, meetingId: string, state: SessionState, meetingStatus: MeetingStatus | null): Session {
    this.ensure(tx, meetingId);
    const before = this.row(meetingId);
    const pausedSince = before?.paused_at ? Date.parse(before.paused_at) : null;
    // Leaving a pause adds its length; entering one stamps it; the end closes an open pause too.
    const addMs =
      pausedSince !== null && state !== 'paused' ? Math.max(0, Date.parse(tx.now) - pausedSince) : 0;
    tx.db
      .prepare(
        `UPDATE meeting_sessions SET state = ?,
           started_at = CASE WHEN ? = 'in_session' AND started_at IS NULL THEN ? ELSE started_at END,
           ended_at = CASE WHEN ? = 'ended' THEN ? ELSE ended_at END,
           paused_at = CASE WHEN ? = 'paused' THEN ? ELSE NULL END,
           paused_ms = paused_ms + ?, updated_at = ?
         WHERE meeting_id = ?`,
      )
      .run(state, state, tx.now, state, tx.now, state, tx.now, addMs, tx.now, meetingId);
    if (meetingStatus) {
      tx.db
        .prepare('UPDATE meetings SET status = ?, updated_at = ? WHERE id = ?')
        .run(meetingStatus, tx.now, meetingId);
    }
    return this.get(meetingId);
  }

  setCurrentItem(tx: Tx, meetingId: string, itemId: string | null): Session {
    this.ensure(tx, meetingId);
    tx.db
      .prepare('UPDATE meeting_sessions SET current_item_id = ?, updated_at = ? WHERE meeting_id = ?')
      .run(itemId, tx.now, meetingId);
    return this.get(meetingId);
  }

  setRules(tx: Tx, meetingId: string, rules: SessionRules): SessionRules {
    this.ensure(tx, meetingId);
    const { quorum, speakerLimits } = rules;
    tx.db
      .prepare(
        `UPDATE meeting_sessions SET quorum_kind = ?, quorum_count = ?, proxies_allowed = ?,
           limit_phat_bieu = ?, limit_tranh_luan = ?, limit_chat_van = ?, updated_at = ?
         WHERE meeting_id = ?`,
      )
      .run(
        quorum.kind,
        quorum.kind === 'fixed' ? quorum.count : null,
        rules.proxiesAllowed ? 1 : 0,
        speakerLimits.phat_bieu,
        speakerLimits.tranh_luan,
        speakerLimits.chat_van,
        tx.now,
        meetingId,
      );
    return this.rules(meetingId);
  }
}
