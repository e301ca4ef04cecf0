import { DEFAULT_SESSION_RULES, type QuorumRule, QuorumRuleSchema } from '#common/schemas/session';
import type { ReadableDB } from '../db/database';

/** The rules attendance facts need: the quorum rule and whether proxies count. */
export interface AttendanceRules {
  readonly quorum: QuorumRule;
  readonly proxiesAllowed: boolean;
}

/**
 * The meeting's quorum rule and proxy setting (the defaults while its session has no row).
 * Read here rather than through the session store, which sits in a layer beside this one.
 */
export function readSessionRules(db: ReadableDB, meetingId: string): AttendanceRules {
  const row = db
    .prepare('SELECT quorum_kind, quorum_count, proxies_allowed FROM meeting_sessions WHERE meeting_id = ?')
    .get(meetingId) as
    | { quorum_kind: string; quorum_count: number | null; proxies_allowed: number }
    | undefined;
  if (!row)
    return { quorum: DEFAULT_SESSION_RULES.quorum, proxiesAllowed: DEFAULT_SESSION_RULES.proxiesAllowed };
  return {
    quorum: QuorumRuleSchema.parse(
      row.quorum_kind === 'fixed' ? { kind: 'fixed', count: row.quorum_count } : { kind: row.quorum_kind },
    ),
    proxiesAllowed: row.proxies_allowed === 1,
  };
}
