import type { DeviceSession, Participant } from '#common/schemas/participant';
import { DeviceSessionSchema } from '#common/schemas/participant';
import { because, type ReasonRef } from '#common/schemas/error-reasons';
import { formatJoinCode, generateJoinCode, hashJoinCode, normalizeJoinCode } from '../auth/join-codes';
import { generateToken, hashToken } from '../auth/tokens';
import type { WritableDB } from '../db/database';
import { newId, nowIso } from '../db/ids';
import type { Tx } from '../db/tx';
import { DomainError, NotFoundError } from '../errors/domain-errors';
import type { ParticipantStore } from './participant-store';

interface SessionRow {
  id: string;
  participant_id: string;
  device_label: string;
  created_at: string;
  last_seen_at: string;
  revoked_at: string | null;
}

const toDevice = (r: SessionRow): DeviceSession =>
  DeviceSessionSchema.parse({
    id: r.id,
    participantId: r.participant_id,
    deviceLabel: r.device_label,
    createdAt: r.created_at,
    lastSeenAt: r.last_seen_at,
    revokedAt: r.revoked_at,
  });

/** An authenticated device: who it is and which device session it holds. */
export interface AuthContext {
  readonly participant: Participant;
  readonly deviceSessionId: string;
}

/** Only refresh `last_seen_at` this often, so authenticated reads do not all turn into writes. */
const LAST_SEEN_RESOLUTION_MS = 60_000;

const DAY_MS = 24 * 60 * 60 * 1000;
/** A device session unused this long is over; every use within it extends it (sliding). */
export const SESSION_IDLE_LIMIT_MS = 30 * DAY_MS;
/**
 * A meeting participant's device session also ends this long after the later of the meeting's
 * end and the session's creation, used or not: the token stops working once the meeting (and
 * its follow-up: minutes, corrections) is over, and a device joined after the meeting still
 * gets the margin. Room staff (no meeting) have only the idle limit.
 */
export const MEETING_SESSION_MARGIN_MS = 7 * DAY_MS;

/** The columns that decide whether a session still holds. */
interface SessionState {
  readonly id: string;
  readonly participant_id: string;
  readonly created_at: string;
  readonly last_seen_at: string;
  readonly revoked_at: string | null;
  /** The participant's meeting's end (its start in rows from before meetings had one); null for room staff. */
  readonly meeting_ends_at: string | null;
}

const SESSION_STATE_SQL = `
  SELECT s.id, s.participant_id, s.created_at, s.last_seen_at, s.revoked_at, COALESCE(m.ends_at, m.starts_at) AS meeting_ends_at
  FROM device_sessions s
  JOIN participants p ON p.id = s.participant_id
  LEFT JOIN meetings m ON m.id = p.meeting_id`;

/** Whether a session is over at `now`: revoked, idle too long, or past its meeting's margin. */
export function sessionEnded(row: SessionState, now: number): boolean {
  if (row.revoked_at) return true;
  if (now - Date.parse(row.last_seen_at) > SESSION_IDLE_LIMIT_MS) return true;
  if (row.meeting_ends_at !== null) {
    const from = Math.max(Date.parse(row.meeting_ends_at), Date.parse(row.created_at));
    if (now > from + MEETING_SESSION_MARGIN_MS) return true;
  }
  return false;
}

/** One-time join codes and the device sessions they turn into. */
export class AuthStore {
  constructor(
    private readonly db: WritableDB,
    private readonly secret: Buffer,
    private readonly participants: ParticipantStore,
  ) {}

  /** Issues a new code for a participant; only its HMAC is stored, the code is returned once. */
  createJoinCode(tx: Tx, participantId: string, expiresAt: string): string {
    this.participants.get(participantId);
    for (let attempt = 0; attempt < 5; attempt++) {
      const code = generateJoinCode();
      const codeHash = hashJoinCode(this.secret, code);
      if (tx.db.prepare('SELECT 1 FROM join_codes WHERE code_hash = ?').get(codeHash)) continue;
      tx.db
        .prepare(
          'INSERT INTO join_codes (id, participant_id, code_hash, expires_at, created_at) VALUES (?, ?, ?, ?, ?)',
        )
        .run(newId(), participantId, codeHash, expiresAt, tx.now);
      return formatJoinCode(code);
    }
    throw new Error('could not find an unused join code');
  }

  /**
   * Moves the unused codes of a meeting that expire exactly at `from` (issued "until the meeting
   * ends") to `to`; returns how many moved. Codes the secretariat shortened keep their time.
   */
  moveCodeExpiry(tx: Tx, meetingId: string, from: string, to: string): number {
    return tx.db
      .prepare(
        `UPDATE join_codes SET expires_at = ? WHERE used_at IS NULL AND expires_at = ?
           AND participant_id IN (SELECT id FROM participants WHERE meeting_id = ?)`,
      )
      .run(to, from, meetingId).changes;
  }

  /**
   * Redeems a code: marks it used and opens a device session. Runs inside the command's
   * transaction, so two devices racing with the same code cannot both get in.
   */
  redeem(tx: Tx, input: string, deviceLabel: string): { token: string; context: AuthContext } {
    const invalid = (message: string, why: ReasonRef) =>
      new DomainError('invalid_code', message, undefined, why);
    const normalized = normalizeJoinCode(input);
    if (!normalized) throw invalid('this join code is not valid', because('code_unknown'));
    const codeHash = hashJoinCode(this.secret, normalized);
    const row = tx.db
      .prepare('SELECT id, participant_id, expires_at, used_at FROM join_codes WHERE code_hash = ?')
      .get(codeHash) as
      | { id: string; participant_id: string; expires_at: string; used_at: string | null }
      | undefined;
    if (!row) throw invalid('this join code is not valid', because('code_unknown'));
    if (row.used_at) throw invalid('this join code has already been used', because('code_used'));
    if (Date.parse(row.expires_at) <= Date.parse(tx.now))
      throw invalid('this join code has expired', because('code_expired'));
    const token = generateToken();
    const sessionId = newId();
    tx.db.prepare('UPDATE join_codes SET used_at = ? WHERE id = ?').run(tx.now, row.id);
    tx.db
      .prepare(
        `INSERT INTO device_sessions (id, participant_id, token_hash, device_label, created_at, last_seen_at)
         VALUES (?, ?, ?, ?, ?, ?)`,
      )
      .run(sessionId, row.participant_id, hashToken(token), deviceLabel, tx.now, tx.now);
    return {
      token,
      context: { participant: this.participants.get(row.participant_id), deviceSessionId: sessionId },
    };
  }

  /**
   * The device behind a token, or null when the token is unknown, revoked or expired (see
   * {@link sessionEnded}): an expired token is refused exactly like a revoked one.
   */
  authenticate(token: string): AuthContext | null {
    const row = this.db.prepare(`${SESSION_STATE_SQL} WHERE s.token_hash = ?`).get(hashToken(token)) as
      | SessionState
      | undefined;
    if (!row || sessionEnded(row, Date.now())) return null;
    if (Date.now() - Date.parse(row.last_seen_at) > LAST_SEEN_RESOLUTION_MS) {
      this.db.prepare('UPDATE device_sessions SET last_seen_at = ? WHERE id = ?').run(nowIso(), row.id);
    }
    const participant = this.participants.find(row.participant_id);
    return participant ? { participant, deviceSessionId: row.id } : null;
  }

  /**
   * The device behind a session id as it stands now: null once revoked, expired or its
   * participant removed (open sockets are re-checked with this: an expired one closes with 4401).
   */
  contextOfSession(deviceSessionId: string): AuthContext | null {
    const row = this.db.prepare(`${SESSION_STATE_SQL} WHERE s.id = ?`).get(deviceSessionId) as
      | SessionState
      | undefined;
    if (!row || sessionEnded(row, Date.now())) return null;
    const participant = this.participants.find(row.participant_id);
    return participant ? { participant, deviceSessionId } : null;
  }

  devicesOf(participantId: string): DeviceSession[] {
    return (
      this.db
        .prepare('SELECT * FROM device_sessions WHERE participant_id = ? ORDER BY created_at')
        .all(participantId) as SessionRow[]
    ).map(toDevice);
  }

  findDevice(deviceSessionId: string): DeviceSession | null {
    const row = this.db.prepare('SELECT * FROM device_sessions WHERE id = ?').get(deviceSessionId) as
      | SessionRow
      | undefined;
    return row ? toDevice(row) : null;
  }

  /** Revokes a device session; idempotent (false when it was already revoked). */
  revoke(tx: Tx, deviceSessionId: string): boolean {
    const device = this.findDevice(deviceSessionId);
    if (!device) throw new NotFoundError('device session not found');
    if (device.revokedAt) return false;
    tx.db.prepare('UPDATE device_sessions SET revoked_at = ? WHERE id = ?').run(tx.now, deviceSessionId);
    return true;
  }
}
