/**
 * The minutes (Biên bản) as a PDF in the layout of Decree 30/2020 form 1.9 (see the
 * glossary): governing and issuing body with the number, national name and motto, no
 * place-and-date line, the title and the meeting's name, the body, the closing line, THƯ KÝ
 * left and CHỦ TỌA right, "Nơi nhận", page numbers from page 2. A draft carries "BẢN NHÁP /
 * DRAFT" across every page and no number. Corrections made after finalising follow the
 * signatures as an appendix ("Phụ lục đính chính"): the signed text itself is never changed.
 */
import type { MinutesExportModel } from '#common/schemas/minutes-export';
import type { MinutesBlock } from '#common/schemas/minutes';
import { decree30Writer, drawHeader, drawSignature, finishPages } from '../decree30';
import { embedFonts } from '../fonts';
import type { PageWriter } from '../page-writer';
import { createPdf, savePdf } from '../pdf-document';
import { requireGlyphs } from './glyph-check';
import { renderMinutesBlocks } from './minutes-blocks';
import { savePdfA } from './pdfa';
import { viMoment } from './vi-time';
import { drawWatermark } from './watermark';

export interface MinutesPdfOptions {
  /** Archival PDF/A-2b instead of a plain PDF. */
  pdfa?: boolean;
  /** Where the font files are; the package's `resources/fonts` when absent (tests). */
  fontDir?: string;
}

/** Width share of the header's left column (as in decree30.ts). */
const HEADER_LEFT = 0.4;
const HEAD_SIZE = 13;

/** Splits a body's name into lines that fit the header's left column, filled evenly. */
export function headerLines(w: PageWriter, text: string): string[] {
  const upper = text.normalize('NFC').toLocaleUpperCase('vi').trim();
  if (upper === '') return [];
  const column = w.textWidth * HEADER_LEFT;
  const lines = w.lines(upper, { size: HEAD_SIZE, width: column, face: 'b' });
  if (lines.length <= 1) return [upper];
  // Even lines look better than a full first line and a short second: narrow the width
  // while the line count stays the same.
  let width = column;
  let best = lines;
  for (let i = 0; i < 40; i++) {
    width -= column / 40;
    const tried = w.lines(upper, { size: HEAD_SIZE, width, face: 'b' });
    if (tried.length > lines.length) break;
    best = tried;
  }
  return best.map((line) => line.words.map((word) => word.runs.map((r) => r.text).join('')).join(' '));
}

export const plain = (b: MinutesBlock) =>
  b.type === 'paragraph' || b.type === 'heading' ? b.content.map((c) => c.text).join('') : '';

/** "Cuộc họp kết thúc vào 11 giờ 30 phút cùng ngày./." (form 1.9's closing line). */
export function closingLine(model: MinutesExportModel): string {
  const { startedAt, endedAt, timeZone } = model.meeting;
  if (!endedAt) return 'Cuộc họp kết thúc vào … giờ … phút, ngày … tháng … năm …/.';
  const end = viMoment(endedAt, timeZone);
  const sameDay = viMoment(startedAt, timeZone).day === end.day;
  return `Cuộc họp kết thúc vào ${end.time}${sameDay ? ' cùng ngày' : `, ${end.date.text}`}, nội dung cuộc họp đã được thông qua trước các thành viên dự họp./.`;
}

/** The facts form 1.9 opens with, for minutes whose text does not state them itself. */
export function openingLines(model: MinutesExportModel): string[] {
  const start = viMoment(model.meeting.startedAt, model.meeting.timeZone);
  return [
    `Thời gian bắt đầu: ${start.time}, ${start.date.text}.`,
    `Địa điểm: ${model.meeting.place || '…'}.`,
    `Chủ trì (chủ tọa): ${model.chair?.name ?? '…'}.`,
    `Thư ký (người ghi biên bản): ${model.secretary?.name ?? '…'}.`,
  ];
}

/** "Số: 07/BB-UBND"; a draft has no number yet: "Số: …/BB-UBND". */
export function numberLine(registerNumber: string | null, kind: string, abbreviation: string): string {
  return `Số: ${registerNumber ?? `…/${kind}-${abbreviation}`}`;
}

/**
 * Renders the minutes; throws `FontMissingError` when a font file cannot be read and
 * `UnsupportedCharactersError` when the text holds characters the font cannot print.
 */
export async function renderMinutesPdf(
  model: MinutesExportModel,
  opts: MinutesPdfOptions = {},
): Promise<Uint8Array> {
  const doc = await createPdf();
  const fonts = await embedFonts(doc, undefined, opts.fontDir === undefined ? {} : { dir: opts.fontDir });
  requireGlyphs(fonts, model);
  const draft = model.state === 'draft';
  const w = decree30Writer(doc, fonts, undefined, draft ? (page) => drawWatermark(page, fonts) : undefined);
  const secret = model.meeting.classified;

  w.newPage();
  drawHeader(w, {
    governing: headerLines(w, model.meeting.body),
    issuer: headerLines(w, model.meeting.issuingBody || 'CƠ QUAN BAN HÀNH'),
    number: numberLine(draft ? null : model.registerNumber, 'BB', model.meeting.abbreviation),
    secret,
    draft,
    kindTitle: 'BIÊN BẢN',
    subject: [model.meeting.title],
  });

  const blocks = model.content.blocks;
  if (!blocks.some((b) => /thời gian/i.test(plain(b)))) {
    for (const line of openingLines(model)) w.paragraph(line);
  }
  renderMinutesBlocks(w, blocks, model.meeting.timeZone);
  if (!blocks.some((b) => /^\s*cuộc họp kết thúc/i.test(plain(b)))) w.paragraph(closingLine(model));

  drawSignature(w, {
    left: { titles: ['THƯ KÝ'], ...(model.secretary ? { name: model.secretary.name } : {}) },
    right: { titles: ['CHỦ TỌA'], ...(model.chair ? { name: model.chair.name } : {}) },
    recipients: model.recipients,
  });

  if (model.addenda.length > 0) drawAddenda(w, model);
  finishPages(w, { secret });

  const info = {
    title: `Biên bản ${model.meeting.title}`,
    author: model.meeting.issuingBody,
    subject: model.registerNumber ? `Số ${model.registerNumber}` : 'Bản nháp',
    keywords: ['BB', secret ? 'MẬT' : 'Thường', draft ? 'Bản nháp' : 'Bản chính thức'],
    creator: 'Paperless Room',
    date: new Date(model.finalisedAt ?? model.meeting.endedAt ?? model.meeting.startedAt),
  };
  return opts.pdfa
    ? savePdfA(doc, info, `${model.meeting.id}\u0000${model.sha256 ?? 'draft'}\u0000${model.addenda.length}`)
    : savePdf(doc, info);
}

/**
 * Corrections after finalising, as an appendix in the Decree 30 way (title, "Kèm theo …"
 * line): the signed minutes stay as they were signed, and each correction says when and by
 * whom it was made.
 */
function drawAddenda(w: PageWriter, model: MinutesExportModel): void {
  w.newPage();
  w.paragraph('PHỤ LỤC ĐÍNH CHÍNH', { align: 'center', face: 'b', after: 0 });
  const ref = model.registerNumber ? ` số ${model.registerNumber}` : '';
  const finalised = model.finalisedAt
    ? ` ${viMoment(model.finalisedAt, model.meeting.timeZone).date.text}`
    : '';
  w.paragraph(`(Kèm theo Biên bản${ref}${finalised})`, { align: 'center', face: 'i', after: 0 });
  w.rule(w.left + w.textWidth / 2, 60, 3);
  w.space(12);
  for (const a of model.addenda) {
    const at = viMoment(a.at, model.meeting.timeZone);
    w.paragraph([{ text: `Đính chính ${a.seq} (${at.time}, ${at.date.text}, ${a.by}):`, face: 'b' }], {
      keepWithNext: 30,
      after: 2,
    });
    for (const para of a.text.split(/\n+/).filter((p) => p.trim() !== '')) w.paragraph(para);
  }
}
