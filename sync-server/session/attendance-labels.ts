import type { AttendanceEventKind, AttendanceStatus } from '#common/schemas/session';
import { wallClockAt } from '#common/time/meeting-time';

/** Statuses as the ledger exports print them (glossary terms). */
export const STATUS_LABELS_VI: Readonly<Record<AttendanceStatus, string>> = {
  present: 'Có mặt',
  absent: 'Vắng mặt',
  excused: 'Vắng có lý do',
  late: 'Đến muộn',
  left_early: 'Về sớm',
};

/** What a ledger line records, as the exports print it. */
export const EVENT_LABELS_VI: Readonly<Record<AttendanceEventKind, string>> = {
  check_in: 'Tự điểm danh',
  check_out: 'Tự rời phòng họp',
  mark: 'Thư ký ghi nhận',
  proxy: 'Ủy quyền',
};

/** "26/11/2026 08:03:15" on the meeting's clock. */
export function ledgerTime(iso: string, timeZone: string): string {
  const w = wallClockAt(Date.parse(iso), timeZone);
  const two = (n: number) => String(n).padStart(2, '0');
  return `${two(w.day)}/${two(w.month)}/${w.year} ${two(w.hour)}:${two(w.minute)}:${two(w.second)}`;
}
