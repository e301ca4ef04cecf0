import type { QuorumState } from '#common/schemas/session';
import type { ReadableDB } from '../db/database';
import { readAttendanceFacts } from './attendance-facts';
import { readSessionRules } from './session-rules';

/** The quorum as screens show it ("28/35 đại biểu có mặt — đủ túc số"), from the attendance facts. */
export function readQuorumState(db: ReadableDB, meetingId: string): QuorumState {
  const facts = readAttendanceFacts(db, meetingId);
  return {
    rule: facts.quorum.rule,
    members: facts.members,
    present: facts.present,
    represented: facts.seats.length - facts.present,
    required: facts.quorum.required,
    met: facts.quorum.met,
    proxiesAllowed: readSessionRules(db, meetingId).proxiesAllowed,
  };
}
