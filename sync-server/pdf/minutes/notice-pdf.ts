/**
 * The conclusion notice (Thông báo kết luận) in the layout of Decree 30/2020 form 1.4: the
 * header with "Số: 08/TB-UBND" and, unlike a Biên bản, the italic place-and-date line; the
 * title THÔNG BÁO with its subject; an opening paragraph naming the meeting, then the
 * conclusions; one signer on the right and "Nơi nhận" on the left. Until it is issued it is
 * a draft: "BẢN NHÁP / DRAFT" on every page, no number, an empty date.
 */
import type { ConclusionNotice, MinutesExportModel } from '#common/schemas/minutes-export';
import { decree30Writer, drawHeader, drawSignature, finishPages } from '../decree30';
import { embedFonts } from '../fonts';
import { createPdf, savePdf } from '../pdf-document';
import { requireGlyphs } from './glyph-check';
import { renderMinutesBlocks } from './minutes-blocks';
import { headerLines, numberLine } from './minutes-pdf';
import { viMoment } from './vi-time';
import { drawWatermark } from './watermark';

/** "Thái Nguyên, ngày 05 tháng 01 năm 2027"; blanks while the notice has no date of issue. */
export function placeDateLine(locality: string, issuedAt: string | null, timeZone: string): string {
  const place = locality || '…';
  if (!issuedAt) return `${place}, ngày … tháng … năm …`;
  return `${place}, ${viMoment(issuedAt, timeZone).date.text}`;
}

export async function renderConclusionNoticePdf(
  model: MinutesExportModel,
  notice: ConclusionNotice,
  opts: { fontDir?: string } = {},
): Promise<Uint8Array> {
  const doc = await createPdf();
  const fonts = await embedFonts(doc, undefined, opts.fontDir === undefined ? {} : { dir: opts.fontDir });
  requireGlyphs(fonts, { model, notice });
  const issued = notice.status.state === 'issued';
  const w = decree30Writer(doc, fonts, undefined, issued ? undefined : (page) => drawWatermark(page, fonts));
  const { meeting } = model;

  w.newPage();
  drawHeader(w, {
    governing: headerLines(w, meeting.body),
    issuer: headerLines(w, meeting.issuingBody || 'CƠ QUAN BAN HÀNH'),
    number: numberLine(issued ? notice.status.registerNumber : null, 'TB', meeting.abbreviation),
    placeDate: placeDateLine(meeting.locality, notice.status.issuedAt, meeting.timeZone),
    secret: meeting.classified,
    draft: !issued,
    kindTitle: 'THÔNG BÁO',
    subject: [`Kết luận của chủ tọa tại ${meeting.title}`],
  });

  const start = viMoment(meeting.startedAt, meeting.timeZone);
  const chair = model.chair?.name;
  w.paragraph(
    `${start.date.text.replace(/^n/, 'N')}, tại ${meeting.place || '…'}, ${meeting.issuingBody ? titleCase(meeting.issuingBody) : 'cơ quan'} tổ chức ${meeting.title}${chair ? ` do đồng chí ${chair} chủ trì` : ''}. Sau khi nghe báo cáo và ý kiến của các thành viên dự họp, chủ tọa kết luận như sau:`,
  );
  if (notice.content.blocks.length > 0) renderMinutesBlocks(w, notice.content.blocks, meeting.timeZone);
  else w.paragraph('…');
  w.paragraph(
    `${titleCase(meeting.issuingBody || 'Cơ quan')} thông báo để các cơ quan, đơn vị, cá nhân liên quan biết, thực hiện./.`,
  );

  const titles = notice.signerTitle
    .split(/\n+/)
    .map((t) => t.trim().toLocaleUpperCase('vi'))
    .filter((t) => t !== '');
  drawSignature(w, {
    right: {
      titles: titles.length > 0 ? titles : ['CHỦ TRÌ'],
      ...(notice.signerName ? { name: notice.signerName } : {}),
    },
    recipients: [...notice.recipients, 'Lưu: VT, Hồ sơ'],
  });
  finishPages(w, { secret: meeting.classified });

  return savePdf(doc, {
    title: `Thông báo kết luận ${meeting.title}`,
    author: meeting.issuingBody,
    subject: notice.status.registerNumber ? `Số ${notice.status.registerNumber}` : 'Bản nháp',
    keywords: ['TB', meeting.classified ? 'MẬT' : 'Thường', issued ? 'Bản chính thức' : 'Bản nháp'],
    creator: 'Paperless Room',
    date: new Date(notice.status.issuedAt ?? notice.draftedAt ?? meeting.startedAt),
  });
}

/** "ỦY BAN NHÂN DÂN TỈNH THÁI NGUYÊN" → "Ủy ban nhân dân tỉnh Thái Nguyên" (place names keep their capitals). */
function titleCase(body: string): string {
  const lower = body.normalize('NFC').toLocaleLowerCase('vi');
  const m = /( tỉnh | thành phố | huyện | quận | xã | phường | thị xã )(.*)$/.exec(lower);
  const head = m ? lower.slice(0, m.index + m[1]!.length) : lower;
  const place = m
    ? m[2]!.replace(/(^|\s)(\p{L})/gu, (_s, sp: string, c: string) => sp + c.toLocaleUpperCase('vi'))
    : '';
  return (head.charAt(0).toLocaleUpperCase('vi') + head.slice(1) + place).trim();
}
