import type { ConclusionNoticeStatus } from '#common/schemas/minutes-export';
import type { ReadableDB } from '../db/database';
import { addWorkingDays } from './working-days';

/** Decision 45/2018/QĐ-TTg: the conclusion notice is due within 5 working days of the meeting. */
export const NOTICE_DUE_WORKING_DAYS = 5;

/** Today's date in Vietnam (UTC+7 all year), "YYYY-MM-DD". */
function vietnamToday(now: Date): string {
  return new Date(now.getTime() + 7 * 3_600_000).toISOString().slice(0, 10);
}

/**
 * Where the meeting's conclusion notice stands and whether to warn: it is due on the 5th
 * working day after the day the meeting ended (holidays excluded); the warning says
 * 'due_soon' on that day and 'overdue' after it, until the notice is issued.
 */
export function conclusionNoticeStatus(
  db: ReadableDB,
  meetingId: string,
  endedAt: string | null,
  now: Date,
): ConclusionNoticeStatus {
  const row = db
    .prepare('SELECT state, register_number, issued_at FROM conclusion_notices WHERE meeting_id = ?')
    .get(meetingId) as
    | { state: 'draft' | 'issued'; register_number: string | null; issued_at: string | null }
    | undefined;
  const dueDate = endedAt ? addWorkingDays(new Date(endedAt), NOTICE_DUE_WORKING_DAYS) : null;
  const issued = row?.state === 'issued';
  let warning: ConclusionNoticeStatus['warning'] = null;
  if (dueDate && !issued) {
    const today = vietnamToday(now);
    if (today > dueDate) warning = 'overdue';
    else if (today === dueDate) warning = 'due_soon';
  }
  return {
    state: row?.state ?? 'none',
    registerNumber: row?.register_number ?? null,
    issuedAt: row?.issued_at ?? null,
    dueDate,
    warning,
  };
}
