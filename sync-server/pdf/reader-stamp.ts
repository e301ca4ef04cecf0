/**
 * Reader copies of "no export" documents: the stored PDF with its reader's name drawn on every
 * page — a light diagonal line across the page and a footer line — and written into the
 * document information, so a copy that leaves the room names the person it was made for.
 *
 * The stamp is text in our Liberation Serif (Vietnamese names render and extract as typed),
 * drawn in a content stream appended after the page's own, which pdf-lib wraps in q/Q so the
 * page's graphics state cannot move or hide it. It is placed in the visible box as the reader
 * sees the page: pages turned with /Rotate get their footer at the bottom they are shown with.
 */
import { degrees, PDFDocument, type PDFFont, type PDFPage, rgb } from '@cantoo/pdf-lib';
import { embedFonts } from './fonts';
import { nfc } from './text-runs';

/**
 * The stamp's version: change it whenever what the stamp says or how it is drawn changes, and
 * every stored reader copy is made anew on its next request.
 */
export const READER_STAMP_FORMAT = 'reader-stamp-1';

/** Who a copy is for, and when it was made. */
export interface ReaderStamp {
  /** The reader's full name, as the secretariat entered it. */
  readonly name: string;
  /** The reader's unit (đơn vị); left out of the line when empty. */
  readonly unit: string;
  /** When the copy was made. */
  readonly at: Date;
}

/** Why a document could not be stamped. */
export type ReaderStampErrorCode = 'encrypted' | 'unreadable';

export class ReaderStampError extends Error {
  override readonly name = 'ReaderStampError';
  constructor(
    readonly code: ReaderStampErrorCode,
    message: string,
  ) {
    super(message);
  }
}

/** Vietnam keeps one offset all year (UTC+7, no daylight saving). */
const VIETNAM_OFFSET_MS = 7 * 3_600_000;

/** "05/03/2026 14:30", Vietnam time. */
export function stampDateTime(at: Date): string {
  const local = new Date(at.getTime() + VIETNAM_OFFSET_MS);
  const two = (n: number) => String(n).padStart(2, '0');
  return (
    `${two(local.getUTCDate())}/${two(local.getUTCMonth() + 1)}/${local.getUTCFullYear()} ` +
    `${two(local.getUTCHours())}:${two(local.getUTCMinutes())}`
  );
}

/** The stamp line: "Bản đọc của <name> — <unit> — <date time> — không sao chép". */
export function stampLine(stamp: ReaderStamp): string {
  const parts = [`Bản đọc của ${stamp.name.trim()}`];
  if (stamp.unit.trim() !== '') parts.push(stamp.unit.trim());
  parts.push(stampDateTime(stamp.at), 'không sao chép');
  return nfc(parts.join(' — ').replace(/\s+/g, ' '));
}

/** Greedy word wrap at `size` points into lines no wider than `width` (a longer word stands alone). */
function wrap(text: string, font: PDFFont, size: number, width: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(' ')) {
    const candidate = line === '' ? word : `${line} ${word}`;
    if (line !== '' && font.widthOfTextAtSize(candidate, size) > width) {
      lines.push(line);
      line = word;
    } else {
      line = candidate;
    }
  }
  if (line !== '') lines.push(line);
  return lines;
}

/** The largest size in [min, max] at which `text` fits on one line of `width`, else wrapped at `min`. */
function fitLines(text: string, font: PDFFont, width: number, min: number, max: number) {
  const atOne = font.widthOfTextAtSize(text, 1);
  const size = Math.max(min, Math.min(max, width / atOne));
  return { size, lines: atOne * size <= width ? [text] : wrap(text, font, size, width) };
}

/** A page as its reader sees it: visible width and height, and where a visible point lies on the page. */
interface View {
  readonly width: number;
  readonly height: number;
  /** Degrees the page is turned clockwise when shown (0, 90, 180, 270). */
  readonly turn: number;
  /** User-space coordinates of a point given from the bottom left of the page as shown. */
  at(vx: number, vy: number): { x: number; y: number };
}

function viewOf(page: PDFPage): View {
  const { x, y, width: w, height: h } = page.getCropBox();
  const angle = ((page.getRotation().angle % 360) + 360) % 360;
  const turn = angle % 90 === 0 ? angle : 0;
  switch (turn) {
    case 90:
      return { width: h, height: w, turn, at: (vx, vy) => ({ x: x + w - vy, y: y + vx }) };
    case 180:
      return { width: w, height: h, turn, at: (vx, vy) => ({ x: x + w - vx, y: y + h - vy }) };
    case 270:
      return { width: h, height: w, turn, at: (vx, vy) => ({ x: x + vy, y: y + h - vx }) };
    default:
      return { width: w, height: h, turn: 0, at: (vx, vy) => ({ x: x + vx, y: y + vy }) };
  }
}

interface LineStyle {
  readonly font: PDFFont;
  readonly size: number;
  readonly gray: number;
  readonly opacity: number;
}

/**
 * Draws `text` centred on the visible point (cx, cy) — its baseline's middle shifted by `lift`
 * along the line's "up" — at `angle` degrees (counter-clockwise, as the reader sees the page).
 */
function drawCentred(
  page: PDFPage,
  view: View,
  text: string,
  o: LineStyle & { cx: number; cy: number; angle: number; lift: number },
): void {
  const rad = (o.angle * Math.PI) / 180;
  const half = o.font.widthOfTextAtSize(text, o.size) / 2;
  const vx = o.cx - half * Math.cos(rad) - o.lift * Math.sin(rad);
  const vy = o.cy - half * Math.sin(rad) + o.lift * Math.cos(rad);
  const start = view.at(vx, vy);
  page.drawText(text, {
    x: start.x,
    y: start.y,
    size: o.size,
    font: o.font,
    color: rgb(o.gray, o.gray, o.gray),
    opacity: o.opacity,
    // Turning the page clockwise to show it turns the text back to the reader's angle.
    rotate: degrees(o.angle + view.turn),
  });
}

/** Light diagonal lines across the middle of the page, bottom left to top right as shown. */
function drawDiagonal(page: PDFPage, view: View, text: string, font: PDFFont): void {
  const angle = (Math.atan2(view.height, view.width) * 180) / Math.PI;
  const room = Math.hypot(view.width, view.height) * 0.7;
  const { size, lines } = fitLines(text, font, room, 10, 40);
  const leading = size * 1.25;
  lines.forEach((line, i) => {
    drawCentred(page, view, line, {
      font,
      size,
      gray: 0.45,
      opacity: 0.22,
      cx: view.width / 2,
      cy: view.height / 2,
      angle,
      // Lines stacked around the centre, the block's middle on it (0.35 em: half a capital).
      lift: ((lines.length - 1) / 2 - i) * leading - size * 0.35,
    });
  });
}

/** A small grey line (or two) centred at the foot of the page as shown. */
function drawFooter(page: PDFPage, view: View, text: string, font: PDFFont): void {
  const margin = Math.min(24, view.width * 0.05);
  const { size, lines } = fitLines(text, font, view.width - 2 * margin, 5.5, 8);
  const leading = size * 1.2;
  const bottom = Math.min(14, view.height * 0.03);
  lines.forEach((line, i) => {
    drawCentred(page, view, line, {
      font,
      size,
      gray: 0.3,
      opacity: 0.85,
      cx: view.width / 2,
      cy: bottom + (lines.length - 1 - i) * leading,
      angle: 0,
      lift: 0,
    });
  });
}

/**
 * Returns a copy of `source` with `stamp` on every page and in the document information
 * (Subject, Keywords). Throws a {@link ReaderStampError} when the PDF is encrypted (pdf-lib
 * cannot rewrite encrypted files) or cannot be read.
 */
export async function stampReaderCopy(source: Uint8Array, stamp: ReaderStamp): Promise<Uint8Array> {
  let doc: PDFDocument;
  try {
    // Encryption is checked below: pdf-lib's own error class cannot be told apart with instanceof.
    doc = await PDFDocument.load(source, { updateMetadata: false, ignoreEncryption: true });
  } catch (err) {
    throw new ReaderStampError('unreadable', `the PDF could not be read for stamping: ${String(err)}`);
  }
  if (doc.isEncrypted) {
    throw new ReaderStampError('encrypted', 'an encrypted PDF cannot be stamped with its reader');
  }
  const fonts = await embedFonts(doc, ['r']);
  const font = fonts.font('r');
  const line = stampLine(stamp);
  for (const page of doc.getPages()) {
    const view = viewOf(page);
    drawDiagonal(page, view, line, font);
    drawFooter(page, view, line, font);
  }
  doc.setSubject(line);
  doc.setKeywords(['Bản đọc', 'không sao chép', nfc(stamp.name.trim())]);
  doc.setProducer('Paperless Room (pdf-lib)');
  doc.setModificationDate(stamp.at);
  return doc.save();
}
