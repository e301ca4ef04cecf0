import type { Inline, MinutesBlock, RecordData } from '#common/schemas/minutes';
import { BODY_LEADING, BODY_SIZE } from '../decree30';
import type { Face } from '../fonts';
import type { PageWriter } from '../page-writer';
import { drawTable, type TableSpec, tableKeepHeight } from '../table';
import type { Run } from '../text-runs';
import { viMoment, viPercent } from './vi-time';

/** A heading keeps its own two lines and the paragraph gap on the page of what follows. */
const HEADING_KEEP = 2 * BODY_SIZE * BODY_LEADING + 6;
const TABLE_SIZE = 12;

function faceOf(i: Inline, base: Face = 'r'): Face {
  const bold = i.bold === true || base === 'b' || base === 'bi';
  const italic = i.italic === true || base === 'i' || base === 'bi';
  if (bold && italic) return 'bi';
  if (bold) return 'b';
  return italic ? 'i' : 'r';
}

/** Inline runs of the editor as text runs; underline has no face and is dropped. */
export function runsOf(content: readonly Inline[], base: Face = 'r'): Run[] {
  return content.map((i) => ({ text: i.text, face: faceOf(i, base) }));
}

const REQUEST_KIND: Record<'phat_bieu' | 'tranh_luan' | 'chat_van', string> = {
  phat_bieu: 'Phát biểu',
  tranh_luan: 'Tranh luận',
  chat_van: 'Chất vấn',
};

const VOTE_MODE: Record<'open' | 'named' | 'secret', string> = {
  open: 'biểu quyết công khai',
  named: 'biểu quyết ghi danh',
  secret: 'bỏ phiếu kín',
};

function duration(seconds: number): string {
  const m = Math.floor(seconds / 60);
  const s = seconds % 60;
  return m > 0 ? `${m} phút ${String(s).padStart(2, '0')} giây` : `${s} giây`;
}

/** The tables (and sentences) a record block becomes: real ruled tables, its recorded figures. */
export function recordTables(
  record: RecordData,
  timeZone: string,
): { lead?: string; tables: TableSpec[]; tail: string[] } {
  switch (record.kind) {
    case 'attendance': {
      const at = viMoment(record.asOf, timeZone);
      const tables: TableSpec[] = [
        {
          caption: `Tình hình tham dự (lúc ${at.time}, ${at.date.text})`,
          columns: [{ width: 3 }, { width: 1, align: 'center' }],
          header: ['Nội dung', 'Số lượng'],
          rows: [
            ['Tổng số thành viên', String(record.members)],
            ['Có mặt', String(record.present)],
            ['Vắng mặt', String(record.absent.length)],
            ['Số thành viên cần có mặt để tiến hành cuộc họp', String(record.quorumRequired)],
          ],
          size: TABLE_SIZE,
        },
      ];
      if (record.absent.length > 0) {
        tables.push({
          caption: 'Thành viên vắng mặt',
          columns: [{ width: 0.5, align: 'center' }, { width: 2.5 }, { width: 1.5 }, { width: 2.5 }],
          header: ['STT', 'Họ và tên', 'Tình trạng', 'Lý do'],
          rows: record.absent.map((a, i) => [
            String(i + 1),
            a.name,
            a.status === 'excused' ? 'Vắng có lý do' : 'Vắng không lý do',
            a.reason ?? '',
          ]),
          size: TABLE_SIZE,
        });
      }
      const tail = [
        record.quorumMet
          ? `Số thành viên có mặt (${record.present}/${record.members}) bảo đảm điều kiện tiến hành cuộc họp.`
          : `Số thành viên có mặt (${record.present}/${record.members}) chưa đủ điều kiện tiến hành cuộc họp (cần ${record.quorumRequired}).`,
      ];
      if (record.late.length > 0) tail.push(`Đến muộn: ${record.late.map((p) => p.name).join(', ')}.`);
      if (record.leftEarly.length > 0)
        tail.push(`Về sớm: ${record.leftEarly.map((p) => p.name).join(', ')}.`);
      for (const p of record.proxies) tail.push(`${p.member} ủy quyền cho ${p.holder}.`);
      return { tables, tail };
    }
    case 'speakers':
      return {
        tables: [
          {
            caption: `Ý kiến phát biểu: ${record.itemTitle}`,
            columns: [
              { width: 0.5, align: 'center' },
              { width: 3 },
              { width: 1.4 },
              { width: 1.6, align: 'right' },
            ],
            header: ['STT', 'Họ và tên', 'Hình thức', 'Thời gian'],
            rows: record.speakers.map((s, i) => [
              String(i + 1),
              s.name,
              REQUEST_KIND[s.requestKind],
              duration(s.seconds),
            ]),
            size: TABLE_SIZE,
          },
        ],
        tail: record.speakers.length === 0 ? ['Không có ý kiến phát biểu.'] : [],
      };
    case 'vote': {
      const closed = viMoment(record.closedAt, timeZone);
      const tables: TableSpec[] = [
        {
          caption: `Kết quả biểu quyết: ${record.title}`,
          note: `Hình thức: ${VOTE_MODE[record.mode]}; kết thúc lúc ${closed.time}`,
          columns: [{ width: 3 }, { width: 1.2, align: 'right' }, { width: 1.8, align: 'right' }],
          header: ['Nội dung', 'Số đại biểu', 'Tỷ lệ so với tổng số đại biểu'],
          rows: [
            ['Tổng số đại biểu', String(record.eligible), viPercent(record.eligible, record.eligible)],
            ['Số đại biểu tham gia biểu quyết', String(record.cast), viPercent(record.cast, record.eligible)],
            ...record.options.map((o) => [o.label, String(o.count), viPercent(o.count, record.eligible)]),
          ],
          size: TABLE_SIZE,
        },
      ];
      if (record.named && record.named.length > 0) {
        tables.push({
          caption: 'Biểu quyết của từng đại biểu',
          columns: [{ width: 0.5, align: 'center' }, { width: 3 }, { width: 2 }],
          header: ['STT', 'Họ và tên', 'Lựa chọn'],
          rows: record.named.map((n, i) => [String(i + 1), n.name, n.choice]),
          size: TABLE_SIZE,
        });
      }
      return { tables, tail: [record.resultText] };
    }
  }
}

/** Draws the minutes' blocks in order: headings bold, body justified with its first-line indent, lists, record tables. */
export function renderMinutesBlocks(w: PageWriter, blocks: readonly MinutesBlock[], timeZone: string): void {
  blocks.forEach((block, i) => {
    switch (block.type) {
      case 'heading': {
        const next = blocks[i + 1];
        let keep = HEADING_KEEP;
        if (next?.type === 'record') {
          const first = recordTables(next.record, timeZone).tables[0];
          if (first) keep = tableKeepHeight(w, first);
        }
        w.paragraph(runsOf(block.content, block.level === 3 ? 'bi' : 'b'), {
          keepWithNext: keep,
          before: block.level === 1 ? 4 : 0,
        });
        break;
      }
      case 'paragraph':
        if (block.content.some((c) => c.text.trim() !== '')) w.paragraph(runsOf(block.content));
        break;
      case 'list':
        block.items.forEach((item, n) => {
          const marker = block.ordered ? `${n + 1}. ` : '- ';
          w.paragraph([{ text: marker, face: 'r' }, ...runsOf(item)], { after: 3 });
        });
        w.space(3);
        break;
      case 'record': {
        const { tables, tail } = recordTables(block.record, timeZone);
        for (const table of tables) drawTable(w, table);
        for (const line of tail) w.paragraph(line);
        break;
      }
    }
  });
}
