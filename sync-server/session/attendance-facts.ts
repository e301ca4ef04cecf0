// The votes code (eligible seats at opening, the quorum check) depends on this interface: keep its shape.
import type { QuorumRule } from '#common/schemas/session';
import { isPresentStatus, MEMBER_ROLES, quorumRequired } from '#common/schemas/session';
import { AttendanceStatusSchema } from '#common/schemas/session';
import type { ReadableDB } from '../db/database';
import { readSessionRules } from './session-rules';

/** One vote that can be cast now: the member whose vote counts, and who casts it (the member, or their present proxy holder). */
export interface VotingSeat {
  readonly memberId: string;
  readonly holderId: string;
}

export interface AttendanceFacts {
  /** Voting members of the meeting (chair + delegates). */
  readonly members: number;
  /** Members present in person now. */
  readonly present: number;
  readonly quorum: { readonly rule: QuorumRule; readonly required: number; readonly met: boolean };
  /** Members present in person (holder = member) + members represented by a present holder when proxies are allowed. */
  readonly seats: readonly VotingSeat[];
}

interface MemberRow {
  id: string;
  status: string | null;
  proxy_holder_id: string | null;
}

/**
 * The meeting's voting members and who of them can vote now, in protocol order. A member with
 * no attendance row has not arrived (absent). A proxy counts only while the meeting allows
 * proxies and its holder is a member present in person; a represented member is not "present"
 * for the quorum.
 */
export function readAttendanceFacts(db: ReadableDB, meetingId: string): AttendanceFacts {
  const roles = MEMBER_ROLES.map(() => '?').join(', ');
  const rows = db
    .prepare(
      `SELECT p.id, a.status, a.proxy_holder_id
         FROM participants p LEFT JOIN attendance a ON a.participant_id = p.id
        WHERE p.meeting_id = ? AND p.role IN (${roles})
        ORDER BY p.protocol_order, p.created_at, p.rowid`,
    )
    .all(meetingId, ...MEMBER_ROLES) as MemberRow[];
  const rules = readSessionRules(db, meetingId);
  const presentIds = new Set(
    rows.filter((r) => isPresentStatus(AttendanceStatusSchema.parse(r.status ?? 'absent'))).map((r) => r.id),
  );
  const seats: VotingSeat[] = [];
  for (const r of rows) {
    if (presentIds.has(r.id)) seats.push({ memberId: r.id, holderId: r.id });
    else if (rules.proxiesAllowed && r.proxy_holder_id !== null && presentIds.has(r.proxy_holder_id)) {
      seats.push({ memberId: r.id, holderId: r.proxy_holder_id });
    }
  }
  const required = quorumRequired(rules.quorum, rows.length);
  return {
    members: rows.length,
    present: presentIds.size,
    quorum: { rule: rules.quorum, required, met: presentIds.size >= required },
    seats,
  };
}
