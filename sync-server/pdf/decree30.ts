/**
 * The parts of an administrative document in the layout of Decree 30/2020/NĐ-CP, Appendix I
 * (see the glossary): the header with the issuing body on the left and the national name
 * and motto on the right, the title, the signature block and "Nơi nhận:", page numbers.
 */
import type { PDFDocument, PDFPage } from '@cantoo/pdf-lib';
import type { Face, FontSet } from './fonts';
import { ASCENT, MM, type Margins, PageWriter } from './page-writer';

/** A4 margins: top and bottom 20 mm, left 30 mm, right 15 mm (the allowed minimums). */
export const DECREE30_MARGIN: Margins = { top: 20 * MM, bottom: 20 * MM, left: 30 * MM, right: 15 * MM };

/** Body text size (Decree 30: 13–14 pt). */
export const BODY_SIZE = 14;
/** Body line height: between single and 1.5 lines. */
export const BODY_LEADING = 1.22;
/** First-line indent of body paragraphs: 1.27 cm. */
export const FIRST_LINE_INDENT = 12.7 * MM;
/** Space after a body paragraph (Decree 30: at least 6 pt). */
export const PARAGRAPH_GAP = 6;

/** The national name, top right (bold capitals). */
export const NATIONAL_NAME = 'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM';
/** The motto under it, with a rule as long as itself. */
export const MOTTO = 'Độc lập - Tự do - Hạnh phúc';

/** Share of the text width taken by the header's left column (issuing body, number). */
const HEADER_LEFT = 0.4;
/** Share of the text width taken by the left column under the text ("Nơi nhận:", THƯ KÝ). */
const FOOT_LEFT = 0.45;
const HEAD_SIZE = 13;
const NATIONAL_SIZE = 12.5;
const MOTTO_SIZE = 13.5;
const HEAD_LEADING = 1.18;
/** Room for the handwritten signature and the seal. */
const SIGNATURE_SPACE = 70;
const RECIPIENTS_TITLE_SIZE = 12;
const RECIPIENTS_SIZE = 11;
/** Continuation lines of a "Nơi nhận" entry are indented by this much. */
const RECIPIENT_HANG = 6;

/**
 * A page writer set up for a Decree 30 document: A4, its margins, justified body text with
 * a first-line indent.
 */
export function decree30Writer(
  doc: PDFDocument,
  fonts: FontSet,
  bodySize = BODY_SIZE,
  underlay?: (page: PDFPage) => void,
): PageWriter {
  return new PageWriter(doc, fonts, DECREE30_MARGIN, {
    ...(underlay ? { underlay } : {}),
    defaults: {
      size: bodySize,
      align: 'justify',
      leading: BODY_LEADING,
      indent: FIRST_LINE_INDENT,
      after: PARAGRAPH_GAP,
    },
  });
}

/** The header and title of a document (boxes 1–5 of Appendix I). */
export interface HeaderSpec {
  /** Governing body (cơ quan chủ quản): capitals, regular; one entry per line. */
  governing?: string[];
  /** Issuing body (cơ quan ban hành): capitals, bold; one entry per line. */
  issuer: string[];
  /** "Số: 07/BB-UBND". */
  number: string;
  /** Italic place-and-date line under the motto; a Biên bản (form 1.9) has none. */
  placeDate?: string;
  /** Shows "MẬT" in a box under the number (and a small mark on every later page). */
  secret?: boolean;
  /** Shows "DỰ THẢO" in a box above the motto. */
  draft?: boolean;
  /** Type name in capitals: "BIÊN BẢN", "BÁO CÁO", "TỜ TRÌNH", "GIẤY MỜI". */
  kindTitle: string;
  /** Summary (trích yếu) or the meeting's name, one entry per line, bold. */
  subject?: string[];
  /** "Kính gửi: Ủy ban nhân dân tỉnh Thái Nguyên." */
  recipient?: string;
}

/** Draws a line of a header column centred on `cx`, its box's top at `top`; returns its width. */
function headLine(w: PageWriter, text: string, cx: number, top: number, size: number, face: Face): number {
  return w.text(text, { x: cx, baseline: top - size * ASCENT, size, face, align: 'center' });
}

/**
 * Draws the header on the first page and moves the cursor below the title: issuing body,
 * its short rule and the number on the left; national name, motto with its rule and the
 * place-date line on the right; then the type name, the summary with its rule and the
 * addressee, centred. Throws when a line of the left column is wider than the column.
 */
export function drawHeader(w: PageWriter, h: HeaderSpec): void {
  const top = w.top;
  const leftW = w.textWidth * HEADER_LEFT;
  const leftCx = w.left + leftW / 2;
  const rightCx = w.left + leftW + (w.textWidth - leftW) / 2;
  const headLead = HEAD_SIZE * HEAD_LEADING;

  for (const line of [...(h.governing ?? []), ...h.issuer]) {
    if (w.measure(line, HEAD_SIZE, 'b') > leftW) throw new Error(`header line too wide, split it: ${line}`);
  }

  if (h.draft) {
    const label = 'DỰ THẢO';
    const width = w.measure(label, 12, 'b') + 14;
    const right = w.left + w.textWidth;
    w.box(right - width, top + 6, width, 17);
    w.text(label, { x: right - width / 2, baseline: top + 11, size: 12, face: 'b', align: 'center' });
  }

  let y = top;
  for (const line of h.governing ?? []) {
    headLine(w, line, leftCx, y, HEAD_SIZE, 'r');
    y -= headLead;
  }
  let issuerWidth = 0;
  for (const line of h.issuer) {
    issuerWidth = Math.max(issuerWidth, headLine(w, line, leftCx, y, HEAD_SIZE, 'b'));
    y -= headLead;
  }
  // Decree 30: a rule of 1/3 to 1/2 of the issuer's width.
  const leftRuleY = y - 2.5;
  w.strokeLine(
    { x: leftCx - issuerWidth * 0.2, y: leftRuleY },
    { x: leftCx + issuerWidth * 0.2, y: leftRuleY },
  );

  let ry = top;
  headLine(w, NATIONAL_NAME, rightCx, ry, NATIONAL_SIZE, 'b');
  ry -= NATIONAL_SIZE * HEAD_LEADING;
  const mottoWidth = headLine(w, MOTTO, rightCx, ry, MOTTO_SIZE, 'b');
  ry -= MOTTO_SIZE * HEAD_LEADING;
  w.strokeLine({ x: rightCx - mottoWidth / 2, y: ry - 2 }, { x: rightCx + mottoWidth / 2, y: ry - 2 });

  // Number (left) and place-date (right) share one baseline.
  const rowTop = Math.min(leftRuleY, ry - 2) - 7;
  const baseline = rowTop - HEAD_SIZE * ASCENT;
  w.text(h.number, { x: leftCx, baseline, size: HEAD_SIZE, align: 'center' });
  if (h.placeDate)
    w.text(h.placeDate, { x: rightCx, baseline, size: MOTTO_SIZE, face: 'i', align: 'center' });
  let bottom = rowTop - HEAD_SIZE * 1.25;

  if (h.secret) {
    const label = 'MẬT';
    const width = w.measure(label, 13, 'b') + 20;
    const boxTop = bottom - 4;
    w.box(leftCx - width / 2, boxTop - 19, width, 19, 1.1);
    w.text(label, { x: leftCx, baseline: boxTop - 14, size: 13, face: 'b', align: 'center' });
    bottom = boxTop - 19;
  }

  w.y = bottom - 16;
  drawTitle(w, h);
}

/** Type name, summary, the short rule under them and the addressee, centred at the cursor. */
function drawTitle(w: PageWriter, h: Pick<HeaderSpec, 'kindTitle' | 'subject' | 'recipient'>): void {
  const title = { align: 'center', face: 'b', size: BODY_SIZE, after: 0 } as const;
  w.paragraph(h.kindTitle, title);
  let subjectWidth = 0;
  for (const line of h.subject ?? []) {
    subjectWidth = Math.max(subjectWidth, w.measure(line, BODY_SIZE, 'b'));
    w.paragraph(line, title);
  }
  const ruleLength = Math.max(60, (subjectWidth || w.measure(h.kindTitle, BODY_SIZE, 'b')) * 0.35);
  w.rule(w.left + w.textWidth / 2, ruleLength, 3);
  w.space(12);
  if (h.recipient) w.paragraph(h.recipient, { align: 'center', size: BODY_SIZE, after: 10 });
}

/** One signer: authority and title lines, room for the signature, the full name. */
export interface SignatureColumn {
  /** Capitals, bold: ["KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC"], ["THƯ KÝ"], ["CHỦ TỌA"]. */
  titles: string[];
  /** Full name, bold, no academic titles; absent on drafts. */
  name?: string;
}

/** The end of a document. */
export interface SignatureSpec {
  /** Left signer: the secretary on minutes (THƯ KÝ); absent when one person signs. */
  left?: SignatureColumn;
  /** Right signer: the chair (CHỦ TỌA, CHỦ TRÌ) or the issuing authority. */
  right: SignatureColumn;
  /** "Nơi nhận:" entries; the last is "Lưu: VT, …". `;` and the final `.` are added. */
  recipients?: string[];
}

const SIGNER_LEAD = BODY_SIZE * 1.2;

function signerHeight(column: SignatureColumn): number {
  return column.titles.length * SIGNER_LEAD + SIGNATURE_SPACE + SIGNER_LEAD;
}

/** Draws a signer column centred on `cx` from `top` down; returns the bottom. */
function drawSigner(w: PageWriter, column: SignatureColumn, cx: number, top: number): number {
  let y = top;
  for (const line of column.titles) {
    headLine(w, line, cx, y, BODY_SIZE, 'b');
    y -= SIGNER_LEAD;
  }
  y -= SIGNATURE_SPACE;
  if (column.name) headLine(w, column.name, cx, y, BODY_SIZE, 'b');
  return y - SIGNER_LEAD;
}

function recipientLines(w: PageWriter, recipients: readonly string[], width: number) {
  return recipients.map((r, i) =>
    w.lines(`- ${r}${i === recipients.length - 1 ? '.' : ';'}`, {
      size: RECIPIENTS_SIZE,
      firstWidth: width,
      width: width - RECIPIENT_HANG,
    }),
  );
}

/** Height of the "Nơi nhận:" block in a column `width` wide. */
export function recipientsHeight(w: PageWriter, recipients: readonly string[], width: number): number {
  const lines = recipientLines(w, recipients, width).flat().length;
  return RECIPIENTS_TITLE_SIZE * 1.3 + 2 + lines * RECIPIENTS_SIZE * 1.2;
}

/**
 * Draws "Nơi nhận:" (12 pt bold italic) and its "- …;" list (11 pt) with its top-left
 * corner at (`x`, `top`); returns the bottom.
 */
export function drawRecipients(
  w: PageWriter,
  recipients: readonly string[],
  o: { x: number; top: number; width: number },
): number {
  w.text('Nơi nhận:', {
    x: o.x,
    baseline: o.top - RECIPIENTS_TITLE_SIZE * ASCENT - 2,
    size: RECIPIENTS_TITLE_SIZE,
    face: 'bi',
  });
  let y = o.top - RECIPIENTS_TITLE_SIZE * 1.3 - 2;
  for (const entry of recipientLines(w, recipients, o.width)) {
    entry.forEach((line, j) => {
      const x = o.x + (j > 0 ? RECIPIENT_HANG : 0);
      w.drawLine(line, { x, baseline: y - RECIPIENTS_SIZE * ASCENT, size: RECIPIENTS_SIZE });
      y -= RECIPIENTS_SIZE * 1.2;
    });
  }
  return y;
}

/**
 * Draws the signature block at the cursor, kept on one page. With one signer, "Nơi nhận:"
 * stands at the left beside it; with two (THƯ KÝ left, CHỦ TỌA right), the signers share
 * the line and "Nơi nhận:" follows below at the left.
 */
export function drawSignature(w: PageWriter, s: SignatureSpec): void {
  const leftW = w.textWidth * FOOT_LEFT;
  const leftCx = w.left + leftW / 2;
  const rightCx = w.left + leftW + (w.textWidth - leftW) / 2;
  const recipients = s.recipients ?? [];
  const listHeight = recipients.length > 0 ? recipientsHeight(w, recipients, leftW) : 0;
  const signers = Math.max(signerHeight(s.right), s.left ? signerHeight(s.left) : 0);
  w.space(4);
  w.ensure(s.left ? signers + listHeight : Math.max(signers, listHeight));
  const top = w.y;

  let bottom = drawSigner(w, s.right, rightCx, top);
  if (s.left) bottom = Math.min(bottom, drawSigner(w, s.left, leftCx, top));
  const listTop = s.left ? bottom : top;
  if (recipients.length > 0) {
    bottom = Math.min(bottom, drawRecipients(w, recipients, { x: w.left, top: listTop, width: leftW }));
  }
  w.y = bottom;
}

/**
 * Finishes a document once all its pages exist: page numbers from page 2, centred in the
 * top margin, and on classified documents a boxed "MẬT" on every later page.
 */
export function finishPages(w: PageWriter, o: { secret?: boolean } = {}): void {
  w.numberPages(13);
  if (!o.secret) return;
  const baseline = w.headBaseline;
  w.pages.forEach((page, i) => {
    if (i === 0) return;
    const width = w.measure('MẬT', 11, 'b') + 12;
    w.box(w.left, baseline - 4, width, 16, 0.9, page);
    w.text('MẬT', { x: w.left + width / 2, baseline, size: 11, face: 'b', align: 'center', page });
  });
}
