/**
 * The join-code sheet: an A4 page (or several) of cut-out cards, one per participant,
 * each with the person's one-time join code, a QR code of the join link and a line on how
 * to use it. The secretariat prints it, cuts along the dashed lines and hands each card
 * to its owner. All text goes through the PDF engine in `../pdf`; this file only places it
 * on a fixed grid and draws the QR symbols and cut lines.
 *
 * Output is deterministic: the same input gives the same bytes (creation date from the
 * input, fixed subset names and resource keys). Times are shown in Vietnam time (UTC+7,
 * no daylight saving) whatever the server's time zone.
 */
import {
  fill,
  type PDFOperator,
  type PDFPage,
  popGraphicsState,
  pushGraphicsState,
  rectangle,
  setFillingGrayscaleColor,
} from '@cantoo/pdf-lib';
import QRCode from 'qrcode';
import type { Role } from '#common/schemas/roles';
import { formatJoinCode, normalizeJoinCode } from '../auth/join-codes';
import { round } from '../pdf/draw';
import { embedFonts } from '../pdf/fonts';
import type { Line } from '../pdf/line-break';
import { ASCENT, A4, MM, PageWriter } from '../pdf/page-writer';
import { createPdf, savePdf } from '../pdf/pdf-document';
import { nfc, type Run } from '../pdf/text-runs';
import { viDateOf } from '../pdf/vi-date';
import { DEFAULT_TIME_ZONE, instantOfWallClock, wallClockAt } from '#common/time/meeting-time';

/** One participant's card. */
export interface JoinSheetCard {
  name: string;
  position: string;
  unit: string;
  role: Role;
  /** The join code, with or without its dash; a valid code is shown as XXXX-XXXX. */
  code: string;
  /** What the QR code opens: the join page with the code filled in. */
  joinUrl: string;
  /** ISO date-time with offset; shown in Vietnam time. */
  expiresAt: string;
}

/** What the sheet shows: the meeting, the server's address and the cards. */
export interface JoinSheetInput {
  meetingTitle: string;
  /** Issuing body, printed in capitals. */
  body: string;
  /** ISO date-time; without an offset it is read on the meeting's clock. */
  startsAt: string;
  /** The meeting's time zone, which every time on the sheet is shown in (default Vietnam's). */
  timeZone?: string;
  place: string;
  /** The room server's address as people type it, e.g. "http://192.168.1.10:8443". */
  serverUrl: string;
  cards: JoinSheetCard[];
  /** The PDF's creation date (when the codes were issued); defaults to `startsAt`. */
  createdAt?: string;
}

const zoneOf = (input: JoinSheetInput): string => input.timeZone ?? DEFAULT_TIME_ZONE;

const PAGE_WIDTH = A4.width;
const PAGE_HEIGHT = A4.height;
const MARGIN = { top: 13 * MM, bottom: 9 * MM, left: 10 * MM, right: 10 * MM } as const;
/** Height reserved for the page header (its content is centred in it). */
const HEADER_HEIGHT = 33 * MM;
const COLUMNS = 2;
const ROWS = 4;
/** Cards on one A4 page: 2 columns × 4 rows. */
export const CARDS_PER_PAGE = COLUMNS * ROWS;
const CARD_WIDTH = (PAGE_WIDTH - MARGIN.left - MARGIN.right) / COLUMNS;
const GRID_TOP = PAGE_HEIGHT - MARGIN.top - HEADER_HEIGHT;
const CARD_HEIGHT = (GRID_TOP - MARGIN.bottom) / ROWS;

/** Smallest QR symbol (without its quiet zone): comfortably scanned off paper. */
const QR_MIN_SYMBOL = 30 * MM;
/** The QR with its quiet zone normally takes this square. */
const QR_BOX = 40 * MM;
/** Quiet zone in modules, as ISO/IEC 18004 asks. */
const QR_QUIET_MODULES = 4;
/** Distance of the QR box (quiet zone included) from the card's top and right cut lines. */
const QR_INSET = 4 * MM;
/** Text inset from the card's left cut line, and of the bottom band from the bottom one. */
const CARD_PAD = 5 * MM;

/** Roles as printed on the card (glossary terms, lower case). */
export const ROLE_LABELS_VI: Readonly<Record<Role, string>> = {
  chair: 'chủ tọa',
  secretary: 'thư ký',
  delegate: 'đại biểu',
  observer: 'người dự thính',
  secretariat: 'văn thư',
  archivist: 'cán bộ lưu trữ',
};

/**
 * Renders the sheet: 2 × 4 cards per A4 page under a header repeated on every page, page
 * numbers from page 2. Throws a RangeError on a date it cannot read.
 */
export async function renderJoinSheetPdf(input: JoinSheetInput): Promise<Uint8Array> {
  const doc = await createPdf();
  const w = new PageWriter(doc, await embedFonts(doc, ['r', 'b', 'i', 'm']), MARGIN);
  const header = headerLines(input);

  const pageCount = Math.max(1, Math.ceil(input.cards.length / CARDS_PER_PAGE));
  for (let p = 0; p < pageCount; p++) {
    w.newPage();
    drawHeader(w, header);
    const cards = input.cards.slice(p * CARDS_PER_PAGE, (p + 1) * CARDS_PER_PAGE);
    if (cards.length === 0) {
      w.text('Chưa có mã tham dự nào để in.', {
        x: PAGE_WIDTH / 2,
        baseline: GRID_TOP - 12 * MM,
        size: 12,
        face: 'i',
        align: 'center',
      });
    }
    drawCutLines(w, cards.length);
    cards.forEach((card, slot) => {
      drawCard(w, slot, card, input.serverUrl, zoneOf(input));
    });
  }
  w.numberPages(11);

  return savePdf(doc, {
    title: `Mã tham dự - ${input.meetingTitle}`,
    author: input.body.trim(),
    subject: 'Phiếu mã tham dự phòng họp không giấy',
    creator: 'Paperless Room',
    date: new Date(parseZonedTime(input.createdAt ?? input.startsAt, zoneOf(input))),
  });
}

// ---------------------------------------------------------------------------------------
// Geometry shared with the tests

/**
 * The cut rectangle of the card in grid slot `slot` (0–7, row by row): its top-left
 * corner and size, in PDF points (origin bottom left).
 */
export function cardRect(slot: number): { left: number; top: number; width: number; height: number } {
  const column = slot % COLUMNS;
  const row = Math.floor(slot / COLUMNS) % ROWS;
  return {
    left: MARGIN.left + column * CARD_WIDTH,
    top: GRID_TOP - row * CARD_HEIGHT,
    width: CARD_WIDTH,
    height: CARD_HEIGHT,
  };
}

/**
 * Where the QR symbol of the card in `slot` goes: its top-left corner and module size in
 * PDF points, for a symbol of `moduleCount` × `moduleCount` modules. The quiet zone of
 * 4 modules lies around it, inside the card.
 */
export function qrPlacement(
  slot: number,
  moduleCount: number,
): { left: number; top: number; module: number } {
  const module = Math.max(QR_BOX / (moduleCount + 2 * QR_QUIET_MODULES), QR_MIN_SYMBOL / moduleCount);
  const box = module * (moduleCount + 2 * QR_QUIET_MODULES);
  const card = cardRect(slot);
  const boxLeft = card.left + CARD_WIDTH - QR_INSET - box;
  const boxTop = card.top - QR_INSET;
  const quiet = QR_QUIET_MODULES * module;
  return { left: boxLeft + quiet, top: boxTop - quiet, module };
}

// ---------------------------------------------------------------------------------------
// Dates

/** Milliseconds since the epoch; a date-time without an offset is read on `timeZone`'s clock. */
function parseZonedTime(iso: string, timeZone: string): number {
  const local = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?$/.exec(iso);
  const ms = local
    ? instantOfWallClock(
        {
          year: Number(local[1]),
          month: Number(local[2]),
          day: Number(local[3]),
          hour: Number(local[4]),
          minute: Number(local[5]),
          second: Number(local[6] ?? 0),
        },
        timeZone,
      )
    : Date.parse(iso);
  if (!/^\d{4}-\d{2}-\d{2}T/.test(iso) || ms === null || Number.isNaN(ms))
    throw new RangeError(`not an ISO date-time: ${iso}`);
  return ms;
}

/**
 * "08:00 ngày 26 tháng 11 năm 2026" on the meeting's clock (Vietnam's unless told otherwise):
 * days below 10 and the months 1 and 2 take a leading zero, other months do not (glossary,
 * Decree 30 dates). Outside Vietnam's zone the zone is named, so nobody reads it as Hà Nội time.
 */
export function formatVietnamDateTime(iso: string, timeZone: string = DEFAULT_TIME_ZONE): string {
  const w = wallClockAt(parseZonedTime(iso, timeZone), timeZone);
  const pad = (n: number) => String(n).padStart(2, '0');
  const date = viDateOf(w.year, w.month, w.day);
  const zone = timeZone === DEFAULT_TIME_ZONE ? '' : ` (giờ ${timeZone})`;
  return `${pad(w.hour)}:${pad(w.minute)} ${date.text}${zone}`;
}

// ---------------------------------------------------------------------------------------
// Page header

interface HeaderLine {
  runs: Run[];
  size: number;
  maxLines: number;
  /** Space above the line, in points. */
  before: number;
}

function headerLines(input: JoinSheetInput): HeaderLine[] {
  const lines: HeaderLine[] = [];
  const body = nfc(input.body).trim().toLocaleUpperCase('vi');
  if (body !== '') lines.push({ runs: [{ text: body, face: 'b' }], size: 11, maxLines: 1, before: 0 });
  lines.push({
    runs: [{ text: input.meetingTitle.trim(), face: 'b' }],
    size: 13,
    maxLines: 2,
    before: 3,
  });
  const when: Run[] = [
    { text: 'Thời gian: ', face: 'r' },
    { text: formatVietnamDateTime(input.startsAt, zoneOf(input)), face: 'b' },
  ];
  const place = input.place.trim();
  if (place !== '') when.push({ text: ' - Địa điểm: ', face: 'r' }, { text: place, face: 'b' });
  lines.push({ runs: when, size: 10.5, maxLines: 2, before: 3 });
  lines.push({
    runs: [
      {
        text: 'Mã tham dự phòng họp không giấy. Cắt theo đường nét đứt, trao tận tay từng người; mỗi mã chỉ dùng được một lần.',
        face: 'i',
      },
    ],
    size: 9,
    maxLines: 1,
    before: 3,
  });
  return lines;
}

function drawHeader(w: PageWriter, lines: readonly HeaderLine[]): void {
  const laid = lines.flatMap((l) =>
    w.lines(l.runs, { size: l.size, width: w.textWidth, maxLines: l.maxLines }).map((line, i) => ({
      line,
      size: l.size,
      before: i === 0 ? l.before : 0,
    })),
  );
  const height = laid.reduce((sum, l) => sum + l.before + l.size * 1.2, 0);
  // Centre the block in the reserved band, so a one-line title leaves no hole above the grid.
  let y = w.top - Math.max(0, (HEADER_HEIGHT - 3 * MM - height) / 2);
  for (const l of laid) {
    y -= l.before;
    const x = PAGE_WIDTH / 2 - l.line.width / 2;
    w.drawLine(l.line, { x, baseline: y - l.size * ASCENT, size: l.size });
    y -= l.size * 1.2;
  }
}

// ---------------------------------------------------------------------------------------
// Cards

/** Lines drawn top down from `top` at `left`; returns the y below the last one. */
function drawLines(
  w: PageWriter,
  lines: readonly Line[],
  left: number,
  top: number,
  size: number,
  leading: number,
) {
  let y = top;
  for (const line of lines) {
    w.drawLine(line, { x: left, baseline: y - size * ASCENT, size });
    y -= size * leading;
  }
  return y;
}

function drawCard(
  w: PageWriter,
  slot: number,
  card: JoinSheetCard,
  serverUrl: string,
  timeZone: string,
): void {
  const rect = cardRect(slot);
  const qr = QRCode.create(card.joinUrl, { errorCorrectionLevel: 'M' });
  const n = qr.modules.size;
  const place = qrPlacement(slot, n);
  drawQr(w.page, qr.modules, place);

  const quiet = QR_QUIET_MODULES * place.module;
  const qrBoxLeft = place.left - quiet;
  const qrBoxBottom = place.top - n * place.module - quiet;
  const left = rect.left + CARD_PAD;
  const columnWidth = qrBoxLeft - 1 * MM - left;
  const top = rect.top - CARD_PAD;

  // Bottom band, full width: expiry, then where to go and what to do.
  const bandWidth = rect.left + rect.width - CARD_PAD - left;
  const bandTop = qrBoxBottom - 0.5 * MM;
  const bandBottom = rect.top - rect.height + 3.5 * MM;
  const band = fitBand(w, card, serverUrl, timeZone, bandWidth, bandTop - bandBottom);
  drawLines(w, band.lines, left, bandTop, band.size, 1.2);

  // The code, in a light box at the bottom of the text column, level with the QR symbol's foot.
  const canonical = normalizeJoinCode(card.code);
  const shown = canonical ? formatJoinCode(canonical) : card.code;
  const codeSpace = 1;
  let codeSize = 20;
  while (codeSize > 12 && w.measure(shown, codeSize, 'm', codeSpace) > columnWidth - 3 * MM) codeSize -= 1;
  const codeBoxHeight = codeSize * 1.25;
  const codeBoxBottom = place.top - n * place.module;
  const codeBoxWidth = Math.min(columnWidth, w.measure(shown, codeSize, 'm', codeSpace) + 3 * MM);
  w.fill(left, codeBoxBottom, codeBoxWidth, codeBoxHeight, 0.9);
  w.text(shown, {
    x: left + codeBoxWidth / 2,
    // Centred on the height of capitals and figures (0.72 em), not on the line box.
    baseline: codeBoxBottom + (codeBoxHeight - codeSize * 0.72) / 2,
    size: codeSize,
    face: 'm',
    align: 'center',
    charSpace: codeSpace,
    embolden: 0.45,
  });
  const labelSize = 8;
  w.text('Mã tham dự:', { x: left, baseline: codeBoxBottom + codeBoxHeight + 2, size: labelSize, face: 'i' });

  // Who: name, position, unit, role; shrunk step by step until it fits above the code.
  const available = top - (codeBoxBottom + codeBoxHeight + labelSize * 1.2 + 2 * MM);
  let y = top;
  for (const block of fitWho(w, card, columnWidth, available)) {
    y = drawLines(w, block.lines, left, y, block.size, block.leading) - block.after;
  }
}

function fitBand(
  w: PageWriter,
  card: JoinSheetCard,
  serverUrl: string,
  timeZone: string,
  width: number,
  height: number,
) {
  const expiry: Run[] = [
    { text: `Mã dùng một lần, dùng được đến ${formatVietnamDateTime(card.expiresAt, timeZone)}.`, face: 'i' },
  ];
  const howTo: Run[] = [
    { text: 'Mở ', face: 'r' },
    { text: serverUrl, face: 'b' },
    { text: ' trên máy tính/máy tính bảng, nhập mã hoặc quét mã QR.', face: 'r' },
  ];
  for (const size of [8.5, 8, 7.5, 7]) {
    const lines = [...w.lines(expiry, { size, width }), ...w.lines(howTo, { size, width })];
    if (lines.length * size * 1.2 <= height || size === 7) {
      const fitting = Math.max(1, Math.floor(height / (size * 1.2)));
      return { size, lines: lines.slice(0, fitting) };
    }
  }
  throw new Error('unreachable');
}

interface WhoBlock {
  lines: Line[];
  size: number;
  leading: number;
  after: number;
}

function fitWho(w: PageWriter, card: JoinSheetCard, width: number, height: number): WhoBlock[] {
  const position = nfc(card.position).trim();
  let unit = nfc(card.unit).trim();
  // "Giám đốc Sở Tài chính" already names the unit "Sở Tài chính": print it once.
  if (unit !== '' && position.toLocaleLowerCase('vi').includes(unit.toLocaleLowerCase('vi'))) unit = '';
  const attempts = [
    // Smaller type first: a full position at 8 pt beats a truncated one at 9 pt.
    { name: 12, detail: 9, nameLines: 2, detailLines: 2 },
    { name: 11, detail: 8.5, nameLines: 2, detailLines: 2 },
    { name: 10.5, detail: 8, nameLines: 2, detailLines: 2 },
    { name: 10.5, detail: 8, nameLines: 2, detailLines: 1 },
    { name: 10.5, detail: 8, nameLines: 1, detailLines: 1 },
  ];
  let blocks: WhoBlock[] = [];
  for (const a of attempts) {
    const block = (runs: Run[], size: number, maxLines: number, after = 0): WhoBlock => ({
      lines: w.lines(runs, { size, width, maxLines }),
      size,
      leading: 1.15,
      after,
    });
    blocks = [block([{ text: card.name, face: 'b' }], a.name, a.nameLines, 1.5)];
    if (position !== '') blocks.push(block([{ text: position, face: 'r' }], a.detail, a.detailLines));
    if (unit !== '') blocks.push(block([{ text: unit, face: 'r' }], a.detail, a.detailLines));
    const role: Run[] = [
      { text: 'Vai trò: ', face: 'r' },
      { text: ROLE_LABELS_VI[card.role], face: 'b' },
    ];
    blocks.push(block(role, a.detail, 1));
    const total = blocks.reduce((sum, b) => sum + b.lines.length * b.size * b.leading + b.after, 0);
    if (total <= height) break;
  }
  return blocks;
}

// ---------------------------------------------------------------------------------------
// Drawing

interface BitMatrixLike {
  size: number;
  get(row: number, col: number): number | boolean;
}

/**
 * Draws the QR symbol as vector rectangles: one rectangle per horizontal run of dark
 * modules, all in one path filled once, so viewers show no seams between modules.
 */
function drawQr(
  page: PDFPage,
  modules: BitMatrixLike,
  place: { left: number; top: number; module: number },
): void {
  const n = modules.size;
  const m = place.module;
  const ops: PDFOperator[] = [pushGraphicsState(), setFillingGrayscaleColor(0)];
  for (let row = 0; row < n; row++) {
    let col = 0;
    while (col < n) {
      if (!modules.get(row, col)) {
        col++;
        continue;
      }
      const start = col;
      while (col < n && modules.get(row, col)) col++;
      const x = place.left + start * m;
      const y = place.top - (row + 1) * m;
      ops.push(rectangle(round3(x), round3(y), round3((col - start) * m), round3(m)));
    }
  }
  ops.push(fill(), popGraphicsState());
  page.pushOperators(...ops);
}

/** Dashed cut lines around the used card slots; shared edges drawn once. */
function drawCutLines(w: PageWriter, count: number): void {
  const segments = new Map<string, { x1: number; y1: number; x2: number; y2: number }>();
  for (let slot = 0; slot < count; slot++) {
    const { left, top } = cardRect(slot);
    const right = left + CARD_WIDTH;
    const bottom = top - CARD_HEIGHT;
    for (const s of [
      { x1: left, y1: top, x2: right, y2: top },
      { x1: left, y1: bottom, x2: right, y2: bottom },
      { x1: left, y1: top, x2: left, y2: bottom },
      { x1: right, y1: top, x2: right, y2: bottom },
    ]) {
      segments.set([s.x1, s.y1, s.x2, s.y2].map(round).join(','), s);
    }
  }
  for (const s of segments.values()) {
    w.strokeLine({ x: s.x1, y: s.y1 }, { x: s.x2, y: s.y2 }, { thickness: 0.6, gray: 0.45, dash: [4, 3] });
  }
}

/** QR modules are rounded finer than text: 1/100 pt steps would show as uneven modules. */
function round3(n: number): number {
  return Math.round(n * 1000) / 1000;
}
