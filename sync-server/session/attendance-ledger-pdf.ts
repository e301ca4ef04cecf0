/**
 * "Sổ theo dõi điểm danh": the attendance ledger of a meeting as a printable A4 PDF in the
 * Decree 30 fonts — the quorum at the time it was made, then every arrival, departure, mark
 * and proxy with its time — for the minutes and the archive.
 */
import type { AttendanceEvent, QuorumState } from '#common/schemas/session';
import { decree30Writer, finishPages } from '../pdf/decree30';
import { embedFonts } from '../pdf/fonts';
import { createPdf, savePdf } from '../pdf/pdf-document';
import { drawTable } from '../pdf/table';
import { EVENT_LABELS_VI, ledgerTime, STATUS_LABELS_VI } from './attendance-labels';

export interface LedgerPdfSpec {
  readonly meetingTitle: string;
  readonly body: string;
  readonly timeZone: string;
  readonly quorum: QuorumState;
  /** When it was made (shown, and the PDF's date). */
  readonly at: Date;
}

/** "28/35 thành viên có mặt — đủ túc số (cần ít nhất 18)". */
export function quorumLine(q: QuorumState): string {
  const verdict = q.met ? 'đủ túc số' : 'chưa đủ túc số';
  const proxies = q.represented > 0 ? `; ${q.represented} thành viên ủy quyền` : '';
  return `${q.present}/${q.members} thành viên có mặt — ${verdict} (cần ít nhất ${q.required})${proxies}.`;
}

export async function attendanceLedgerPdf(
  spec: LedgerPdfSpec,
  events: readonly AttendanceEvent[],
): Promise<Uint8Array> {
  const doc = await createPdf();
  const w = decree30Writer(doc, await embedFonts(doc), 13);
  if (spec.body.trim() !== '')
    w.paragraph(spec.body.trim().toUpperCase(), { align: 'center', face: 'b', size: 13, after: 6 });
  w.paragraph('SỔ THEO DÕI ĐIỂM DANH', { align: 'center', face: 'b', size: 14, after: 4 });
  w.paragraph(spec.meetingTitle, { align: 'center', face: 'i', size: 13, after: 10 });
  w.paragraph(`Lập lúc ${ledgerTime(spec.at.toISOString(), spec.timeZone)}: ${quorumLine(spec.quorum)}`, {
    align: 'left',
    indent: 0,
    size: 12,
    after: 8,
  });
  if (events.length === 0) {
    w.paragraph('Chưa có lượt điểm danh nào.', { align: 'left', indent: 0, face: 'i' });
  } else {
    drawTable(w, {
      columns: [
        { width: 6, align: 'center' },
        { width: 15, align: 'center' },
        { width: 20 },
        { width: 16 },
        { width: 16 },
        { width: 27 },
      ],
      header: ['STT', 'Thời gian', 'Họ và tên', 'Sự việc', 'Trạng thái', 'Ghi chú'],
      rows: events.map((e, i) => [
        String(i + 1),
        ledgerTime(e.at, spec.timeZone),
        e.name.normalize('NFC'),
        EVENT_LABELS_VI[e.kind],
        STATUS_LABELS_VI[e.status],
        noteOf(e),
      ]),
      size: 10,
    });
  }
  finishPages(w);
  return savePdf(doc, {
    title: `Sổ theo dõi điểm danh — ${spec.meetingTitle}`,
    author: spec.body.trim() || 'Paperless Room',
    creator: 'Paperless Room',
    date: spec.at,
  });
}

function noteOf(e: AttendanceEvent): string {
  const parts: string[] = [];
  if (e.reason) parts.push(`Lý do: ${e.reason}`);
  if (e.kind === 'proxy')
    parts.push(e.proxyHolderName ? `Ủy quyền cho ${e.proxyHolderName}` : 'Hủy ủy quyền');
  if (e.byName && e.kind !== 'check_in' && e.kind !== 'check_out') parts.push(`Người ghi: ${e.byName}`);
  return parts.join('. ').normalize('NFC');
}
