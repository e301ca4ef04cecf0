/**
 * The join-code sheet: an A4 page (or several) of cut-out cards, one per participant,
 * each with the person's one-time join code, a QR code of the join link and a line on how
 * to use it. The secretariat prints it, cuts along the dashed lines and hands each card
 * to its owner.
 *
 * Layout ideas come from `resources/demo/pdf-layout.ts` (fixed subset tags, ligatures off,
 * fixed font resource keys, no pdf-lib metadata defaults), but nothing is imported from
 * there: that engine flows Decree 30 text between fixed margins, this is a fixed grid.
 *
 * Output is deterministic: the same input gives the same bytes (creation date from the
 * input, fixed subset names, no random resource keys). Times are shown in Vietnam time
 * (UTC+7, no daylight saving) whatever the server's time zone.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import fontkit from '@pdf-lib/fontkit';
import {
  beginText,
  endText,
  fill,
  moveText,
  type PDFFont,
  PDFDocument,
  PDFName,
  type PDFOperator,
  type PDFPage,
  popGraphicsState,
  pushGraphicsState,
  rectangle,
  rgb,
  setCharacterSpacing,
  setFillingGrayscaleColor,
  setFontAndSize,
  setLineWidth,
  setStrokingGrayscaleColor,
  setTextRenderingMode,
  showText,
  TextRenderingMode,
} from 'pdf-lib';
import QRCode from 'qrcode';
import type { Role } from '#common/schemas/roles';
import { formatJoinCode, normalizeJoinCode } from '../auth/join-codes';
import { packageRoot } from '../package-root';

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

export interface JoinSheetInput {
  meetingTitle: string;
  /** Issuing body, printed in capitals. */
  body: string;
  /** ISO date-time; without an offset it is read as Vietnam time. */
  startsAt: string;
  place: string;
  /** The room server's address as people type it, e.g. "http://192.168.1.10:8443". */
  serverUrl: string;
  cards: JoinSheetCard[];
  /** The PDF's creation date (when the codes were issued); defaults to `startsAt`. */
  createdAt?: string;
}

const MM = 72 / 25.4;
const PAGE_WIDTH = 210 * MM;
const PAGE_HEIGHT = 297 * MM;
const MARGIN = { top: 13 * MM, bottom: 9 * MM, left: 10 * MM, right: 10 * MM } as const;
/** Height reserved for the page header (its content is centred in it). */
const HEADER_HEIGHT = 33 * MM;
const COLUMNS = 2;
const ROWS = 4;
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

type Face = 'r' | 'b' | 'i' | 'm';

const FONT_FILES: Record<Face, string> = {
  r: 'LiberationSerif-Regular.ttf',
  b: 'LiberationSerif-Bold.ttf',
  i: 'LiberationSerif-Italic.ttf',
  m: 'LiberationMono-Regular.ttf',
};

/** Fixed subset tags, so that every run writes the same bytes (pdf-lib would pick random ones). */
const SUBSET_NAMES: Record<Face, string> = {
  r: 'PRJSRG+LiberationSerif',
  b: 'PRJSBD+LiberationSerif-Bold',
  i: 'PRJSIT+LiberationSerif-Italic',
  m: 'PRJSMO+LiberationMono',
};

const FONT_KEYS: Record<Face, string> = { r: 'F1', b: 'F2', i: 'F3', m: 'F4' };

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
  const doc = await PDFDocument.create({ updateMetadata: false });
  doc.registerFontkit(fontkit);
  const fonts = await embedFonts(doc);
  const sheet = new Sheet(fonts);
  const header = headerLines(input);

  const pageCount = Math.max(1, Math.ceil(input.cards.length / CARDS_PER_PAGE));
  for (let p = 0; p < pageCount; p++) {
    const page = doc.addPage([PAGE_WIDTH, PAGE_HEIGHT]);
    for (const face of Object.keys(FONT_KEYS) as Face[]) {
      page.node.setFontDictionary(PDFName.of(FONT_KEYS[face]), fonts[face].ref);
    }
    sheet.drawHeader(page, header);
    if (p > 0) {
      sheet.text(page, [{ text: String(p + 1), face: 'r' }], {
        x: PAGE_WIDTH / 2,
        baseline: PAGE_HEIGHT - 8 * MM,
        size: 11,
        align: 'center',
      });
    }
    const cards = input.cards.slice(p * CARDS_PER_PAGE, (p + 1) * CARDS_PER_PAGE);
    if (cards.length === 0) {
      sheet.text(page, [{ text: 'Chưa có mã tham dự nào để in.', face: 'i' }], {
        x: PAGE_WIDTH / 2,
        baseline: GRID_TOP - 12 * MM,
        size: 12,
        align: 'center',
      });
    }
    drawCutLines(page, cards.length);
    cards.forEach((card, slot) => {
      sheet.drawCard(page, slot, card, input.serverUrl);
    });
  }

  const created = new Date(parseVietnamTime(input.createdAt ?? input.startsAt));
  doc.setTitle(`Mã tham dự - ${nfc(input.meetingTitle)}`, { showInWindowTitleBar: true });
  if (input.body.trim() !== '') doc.setAuthor(nfc(input.body));
  doc.setSubject('Phiếu mã tham dự phòng họp không giấy');
  doc.setCreator('Paperless Room');
  doc.setProducer('Paperless Room (pdf-lib)');
  doc.setLanguage('vi-VN');
  doc.setCreationDate(created);
  doc.setModificationDate(created);
  return doc.save({ useObjectStreams: true });
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

const VIETNAM_OFFSET_MS = 7 * 3600 * 1000;

/** Milliseconds since the epoch; a date-time without an offset is read as Vietnam time. */
function parseVietnamTime(iso: string): number {
  const withOffset = /T\d{2}:\d{2}(:\d{2}(\.\d+)?)?$/.test(iso) ? `${iso}+07:00` : iso;
  const ms = Date.parse(withOffset);
  if (!/^\d{4}-\d{2}-\d{2}T/.test(iso) || Number.isNaN(ms))
    throw new RangeError(`not an ISO date-time: ${iso}`);
  return ms;
}

/**
 * "08:00 ngày 26 tháng 11 năm 2026" in Vietnam time: days below 10 and the months 1 and 2
 * take a leading zero, other months do not (glossary, Decree 30 dates).
 */
export function formatVietnamDateTime(iso: string): string {
  const d = new Date(parseVietnamTime(iso) + VIETNAM_OFFSET_MS);
  const pad = (n: number) => String(n).padStart(2, '0');
  const month = d.getUTCMonth() + 1;
  return (
    `${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())} ngày ${pad(d.getUTCDate())} ` +
    `tháng ${month <= 2 ? pad(month) : String(month)} năm ${d.getUTCFullYear()}`
  );
}

// ---------------------------------------------------------------------------------------
// Fonts and text

type Fonts = Record<Face, PDFFont>;

let fontBytes: Promise<Record<Face, Uint8Array>> | undefined;

/** Font files are read once per process; the subsets are made per document. */
function loadFontBytes(): Promise<Record<Face, Uint8Array>> {
  fontBytes ??= (async () => {
    const dir = join(packageRoot(), 'resources', 'fonts');
    const [r, b, i, m] = await Promise.all(
      (['r', 'b', 'i', 'm'] as const).map((face) => readFile(join(dir, FONT_FILES[face]))),
    );
    if (!r || !b || !i || !m) throw new Error('font files missing');
    return { r, b, i, m };
  })();
  fontBytes.catch(() => {
    fontBytes = undefined;
  });
  return fontBytes;
}

async function embedFonts(doc: PDFDocument): Promise<Fonts> {
  const bytes = await loadFontBytes();
  const embed = (face: Face) =>
    doc.embedFont(bytes[face], {
      subset: true,
      customName: SUBSET_NAMES[face],
      // No ligatures: "fi" stays two letters for pdftotext, search and screen readers.
      features: { liga: false, clig: false, dlig: false },
    });
  return { r: await embed('r'), b: await embed('b'), i: await embed('i'), m: await embed('m') };
}

interface Run {
  text: string;
  face: Face;
}

interface Line {
  runs: Run[];
  width: number;
}

interface TextOptions {
  x: number;
  baseline: number;
  size: number;
  align?: 'left' | 'center' | 'right';
  /** Extra space after each character (Tc), in points. */
  charSpace?: number;
  /** Outline width for a heavier look (fill and stroke); 0 for plain fill. */
  embolden?: number;
}

interface Token {
  text: string;
  face: Face;
  /** A space separates this token from the previous one. */
  spaced: boolean;
}

function nfc(s: string): string {
  return s.normalize('NFC');
}

class Sheet {
  constructor(private readonly fonts: Fonts) {}

  width(text: string, face: Face, size: number, charSpace = 0): number {
    return this.fonts[face].widthOfTextAtSize(text, size) + charSpace * Math.max(0, [...text].length - 1);
  }

  private runsWidth(runs: readonly Run[], size: number): number {
    return runs.reduce((sum, run) => sum + this.width(run.text, run.face, size), 0);
  }

  /** Draws one line of runs; returns its width. */
  text(page: PDFPage, runs: readonly Run[], o: TextOptions): number {
    const charSpace = o.charSpace ?? 0;
    const width =
      runs.reduce((sum, run) => sum + this.width(run.text, run.face, o.size, charSpace), 0) +
      charSpace * Math.max(0, runs.length - 1);
    let x = o.x;
    if (o.align === 'center') x -= width / 2;
    else if (o.align === 'right') x -= width;
    const ops: PDFOperator[] = [pushGraphicsState(), setFillingGrayscaleColor(0)];
    if (o.embolden) {
      ops.push(setStrokingGrayscaleColor(0), setLineWidth(o.embolden));
    }
    ops.push(beginText());
    if (charSpace) ops.push(setCharacterSpacing(charSpace));
    if (o.embolden) ops.push(setTextRenderingMode(TextRenderingMode.FillAndOutline));
    ops.push(moveText(round(x), round(o.baseline)));
    for (const run of runs) {
      ops.push(
        setFontAndSize(FONT_KEYS[run.face], o.size),
        showText(this.fonts[run.face].encodeText(run.text)),
      );
    }
    ops.push(endText(), popGraphicsState());
    page.pushOperators(...ops);
    return width;
  }

  /**
   * Greedy line breaking of styled runs. A word wider than the line (a long address) is
   * cut between characters. Beyond `maxLines` the last line ends in "…".
   */
  wrap(runs: readonly Run[], size: number, maxWidth: number, maxLines = Number.POSITIVE_INFINITY): Line[] {
    const tokens: Token[] = [];
    // White space at the end of one run separates its last word from the next run's first.
    let pendingSpace = false;
    for (const run of runs) {
      for (const part of nfc(run.text).split(/(\s+)/)) {
        if (part === '') continue;
        if (/^\s/.test(part)) {
          pendingSpace = true;
          continue;
        }
        const spaced = pendingSpace && tokens.length > 0;
        pendingSpace = false;
        for (const piece of this.splitLong(part, run.face, size, maxWidth)) {
          tokens.push({ text: piece.text, face: run.face, spaced: spaced && piece.first });
        }
      }
    }
    const lines: Token[][] = [];
    let current: Token[] = [];
    let width = 0;
    for (const token of tokens) {
      const w = this.width(token.text, token.face, size);
      const space = current.length > 0 && token.spaced ? this.width(' ', token.face, size) : 0;
      if (current.length > 0 && token.spaced && width + space + w > maxWidth + 0.01) {
        lines.push(current);
        current = [{ ...token, spaced: false }];
        width = w;
      } else if (current.length > 0 && !token.spaced && width + w > maxWidth + 0.01) {
        // A piece of a word cut by splitLong: it starts a new line, without a space.
        lines.push(current);
        current = [token];
        width = w;
      } else {
        current.push(token);
        width += space + w;
      }
    }
    if (current.length > 0) lines.push(current);

    const out = lines.map((tokensOfLine) => this.toLine(tokensOfLine, size));
    if (out.length <= maxLines) return out;
    const kept = out.slice(0, maxLines);
    const last = kept[kept.length - 1];
    if (last) kept[kept.length - 1] = this.ellipsize(last, size, maxWidth);
    return kept;
  }

  private splitLong(
    word: string,
    face: Face,
    size: number,
    maxWidth: number,
  ): { text: string; first: boolean }[] {
    if (this.width(word, face, size) <= maxWidth) return [{ text: word, first: true }];
    const pieces: { text: string; first: boolean }[] = [];
    let piece = '';
    for (const ch of word) {
      if (piece !== '' && this.width(piece + ch, face, size) > maxWidth) {
        pieces.push({ text: piece, first: pieces.length === 0 });
        piece = '';
      }
      piece += ch;
    }
    if (piece !== '') pieces.push({ text: piece, first: pieces.length === 0 });
    return pieces;
  }

  private toLine(tokens: readonly Token[], size: number): Line {
    const runs: Run[] = [];
    for (const token of tokens) {
      const text = token.spaced ? ` ${token.text}` : token.text;
      const prev = runs[runs.length - 1];
      if (prev && prev.face === token.face) prev.text += text;
      else runs.push({ text, face: token.face });
    }
    return { runs, width: this.runsWidth(runs, size) };
  }

  private ellipsize(line: Line, size: number, maxWidth: number): Line {
    const runs = line.runs.map((r) => ({ ...r }));
    for (;;) {
      const last = runs[runs.length - 1];
      if (!last) return { runs: [{ text: '…', face: 'r' }], width: this.width('…', 'r', size) };
      const candidate = [...runs.slice(0, -1), { ...last, text: `${last.text.trimEnd()}…` }];
      const width = this.runsWidth(candidate, size);
      if (width <= maxWidth || last.text.length === 0) return { runs: candidate, width };
      last.text = [...last.text].slice(0, -1).join('');
      if (last.text === '') runs.pop();
    }
  }

  // -------------------------------------------------------------------------------------
  // Page header

  drawHeader(page: PDFPage, lines: HeaderLine[]): void {
    const width = PAGE_WIDTH - MARGIN.left - MARGIN.right;
    const laid = lines.flatMap((l) =>
      this.wrap(l.runs, l.size, width, l.maxLines).map((line, i) => ({
        line,
        size: l.size,
        before: i === 0 ? l.before : 0,
      })),
    );
    const height = laid.reduce((sum, l) => sum + l.before + l.size * 1.2, 0);
    // Centre the block in the reserved band, so a one-line title leaves no hole above the grid.
    let y = PAGE_HEIGHT - MARGIN.top - Math.max(0, (HEADER_HEIGHT - 3 * MM - height) / 2);
    for (const l of laid) {
      y -= l.before;
      this.text(page, l.line.runs, {
        x: PAGE_WIDTH / 2,
        baseline: y - l.size * 0.92,
        size: l.size,
        align: 'center',
      });
      y -= l.size * 1.2;
    }
  }

  // -------------------------------------------------------------------------------------
  // Cards

  drawCard(page: PDFPage, slot: number, card: JoinSheetCard, serverUrl: string): void {
    const rect = cardRect(slot);
    const qr = QRCode.create(card.joinUrl, { errorCorrectionLevel: 'M' });
    const n = qr.modules.size;
    const place = qrPlacement(slot, n);
    drawQr(page, qr.modules, place);

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
    const band = this.fitBand(card, serverUrl, bandWidth, bandTop - bandBottom);
    let y = bandTop;
    for (const line of band.lines) {
      this.text(page, line.runs, { x: left, baseline: y - band.size * 0.92, size: band.size });
      y -= band.size * 1.2;
    }

    // The code, in a light box at the bottom of the text column, level with the QR symbol's foot.
    const canonical = normalizeJoinCode(card.code);
    const shown = canonical ? formatJoinCode(canonical) : card.code;
    let codeSize = 20;
    const codeSpace = 1;
    while (codeSize > 12 && this.width(shown, 'm', codeSize, codeSpace) > columnWidth - 3 * MM) codeSize -= 1;
    const codeBoxHeight = codeSize * 1.25;
    const codeBoxBottom = place.top - n * place.module;
    const codeWidth = this.width(shown, 'm', codeSize, codeSpace);
    const codeBoxWidth = Math.min(columnWidth, codeWidth + 3 * MM);
    page.pushOperators(
      pushGraphicsState(),
      setFillingGrayscaleColor(0.9),
      rectangle(round(left), round(codeBoxBottom), round(codeBoxWidth), round(codeBoxHeight)),
      fill(),
      popGraphicsState(),
    );
    this.text(page, [{ text: shown, face: 'm' }], {
      x: left + codeBoxWidth / 2,
      baseline: codeBoxBottom + (codeBoxHeight - codeSize * 0.72) / 2,
      size: codeSize,
      align: 'center',
      charSpace: codeSpace,
      embolden: 0.45,
    });
    const labelSize = 8;
    this.text(page, [{ text: 'Mã tham dự:', face: 'i' }], {
      x: left,
      baseline: codeBoxBottom + codeBoxHeight + 2,
      size: labelSize,
    });

    // Who: name, position, unit, role; shrunk step by step until it fits above the code.
    const available = top - (codeBoxBottom + codeBoxHeight + labelSize * 1.2 + 2 * MM);
    const who = this.fitWho(card, columnWidth, available);
    y = top;
    for (const block of who) {
      for (const line of block.lines) {
        this.text(page, line.runs, { x: left, baseline: y - block.size * 0.92, size: block.size });
        y -= block.size * block.leading;
      }
      y -= block.after;
    }
  }

  private fitBand(card: JoinSheetCard, serverUrl: string, width: number, height: number) {
    const expiry: Run[] = [
      { text: `Mã dùng một lần, hết hạn ${formatVietnamDateTime(card.expiresAt)}.`, face: 'i' },
    ];
    const howTo: Run[] = [
      { text: 'Mở ', face: 'r' },
      { text: nfc(serverUrl), face: 'b' },
      { text: ' trên máy tính/máy tính bảng, nhập mã hoặc quét mã QR.', face: 'r' },
    ];
    for (const size of [8.5, 8, 7.5, 7]) {
      const lines = [...this.wrap(expiry, size, width), ...this.wrap(howTo, size, width)];
      if (lines.length * size * 1.2 <= height || size === 7) {
        const fitting = Math.max(1, Math.floor(height / (size * 1.2)));
        return { size, lines: lines.slice(0, fitting) };
      }
    }
    throw new Error('unreachable');
  }

  private fitWho(card: JoinSheetCard, width: number, height: number) {
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
    let blocks: { lines: Line[]; size: number; leading: number; after: number }[] = [];
    for (const a of attempts) {
      blocks = [
        {
          lines: this.wrap([{ text: card.name, face: 'b' }], a.name, width, a.nameLines),
          size: a.name,
          leading: 1.15,
          after: 1.5,
        },
      ];
      if (position !== '') {
        blocks.push({
          lines: this.wrap([{ text: position, face: 'r' }], a.detail, width, a.detailLines),
          size: a.detail,
          leading: 1.15,
          after: 0,
        });
      }
      if (unit !== '') {
        blocks.push({
          lines: this.wrap([{ text: unit, face: 'r' }], a.detail, width, a.detailLines),
          size: a.detail,
          leading: 1.15,
          after: 0,
        });
      }
      blocks.push({
        lines: this.wrap(
          [
            { text: 'Vai trò: ', face: 'r' },
            { text: ROLE_LABELS_VI[card.role], face: 'b' },
          ],
          a.detail,
          width,
          1,
        ),
        size: a.detail,
        leading: 1.15,
        after: 0,
      });
      const total = blocks.reduce((sum, b) => sum + b.lines.length * b.size * b.leading + b.after, 0);
      if (total <= height) break;
    }
    return blocks;
  }
}

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
    runs: [{ text: nfc(input.meetingTitle).trim(), face: 'b' }],
    size: 13,
    maxLines: 2,
    before: 3,
  });
  const when: Run[] = [
    { text: 'Thời gian: ', face: 'r' },
    { text: formatVietnamDateTime(input.startsAt), face: 'b' },
  ];
  const place = nfc(input.place).trim();
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

const CUT_COLOR = rgb(0.45, 0.45, 0.45);

/** Dashed cut lines around the used card slots; shared edges drawn once. */
function drawCutLines(page: PDFPage, count: number): void {
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
    page.drawLine({
      start: { x: round(s.x1), y: round(s.y1) },
      end: { x: round(s.x2), y: round(s.y2) },
      thickness: 0.6,
      color: CUT_COLOR,
      dashArray: [4, 3],
    });
  }
}

function round(n: number): number {
  return Math.round(n * 100) / 100;
}

function round3(n: number): number {
  return Math.round(n * 1000) / 1000;
}
