import { ROUTES } from '#common/http/route-table';
import type { AttendanceEntry } from '#common/schemas/session';
import { useEffect, useState } from 'react';
import type { Call } from '../../lib/api';
import type { LiveState } from '../../lib/yjs/live-doc';

/**
 * Everyone's attendance with names and reasons (the live document carries statuses only),
 * read again whenever attendance changes in the live document.
 */
export function useAttendanceEntries(
  call: Call,
  meetingId: string,
  live: LiveState | null,
): AttendanceEntry[] {
  const [entries, setEntries] = useState<AttendanceEntry[]>([]);
  /** Any change of attendance in the live document means the list is out of date. */
  const signature = JSON.stringify(live?.attendance ?? null);

  // biome-ignore lint/correctness/useExhaustiveDependencies: `signature` is the refetch trigger
  useEffect(() => {
    let cancelled = false;
    call(ROUTES.getAttendance, { params: { meetingId } }).then(
      (answer) => {
        if (!cancelled) setEntries(answer.entries);
      },
      () => undefined,
    );
    return () => {
      cancelled = true;
    };
  }, [call, meetingId, signature]);
  return entries;
}
