import type { AttendanceEvent } from '#common/schemas/session';
import { EVENT_LABELS_VI, ledgerTime, STATUS_LABELS_VI } from './attendance-labels';

/** The columns, as the secretariat's spreadsheet shows them. */
export const LEDGER_CSV_HEADER = [
  'STT',
  'Thời gian',
  'Họ và tên',
  'Sự việc',
  'Trạng thái',
  'Lý do',
  'Người nhận ủy quyền',
  'Người ghi nhận',
] as const;

/**
 * A cell: quoted when it holds the separator, a quote or a line break; a leading `= + - @` is
 * neutralised with an apostrophe, so a name cannot become a spreadsheet formula.
 */
function cell(value: string): string {
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[;"\r\n]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
}

/**
 * The attendance ledger as CSV: UTF-8 with a byte-order mark (Excel then reads Vietnamese),
 * `;` between cells as Vietnamese Excel expects, CRLF line ends, times on the meeting's clock.
 */
export function attendanceLedgerCsv(events: readonly AttendanceEvent[], timeZone: string): Uint8Array {
  const lines = [LEDGER_CSV_HEADER.join(';')];
  for (const [i, e] of events.entries()) {
    lines.push(
      [
        String(i + 1),
        ledgerTime(e.at, timeZone),
        e.name,
        EVENT_LABELS_VI[e.kind],
        STATUS_LABELS_VI[e.status],
        e.reason,
        e.proxyHolderName ?? '',
        e.byName ?? '',
      ]
        .map((v) => cell(v.normalize('NFC')))
        .join(';'),
    );
  }
  return new TextEncoder().encode(`\uFEFF${lines.join('\r\n')}\r\n`);
}
