/**
 * A small layout engine for Vietnamese administrative documents in the Decree 30/2020/NĐ-CP
 * layout (Appendix I): A4, margins 20/20/30/15 mm, Liberation Serif (metric-compatible with
 * Times New Roman), header with the issuing body on the left and the national motto on the
 * right, justified body text, page numbers centred in the top margin from page 2.
 *
 * Text is written with `TJ` arrays that keep the real space characters and add the
 * justification as position adjustments, so `pdftotext` and PDF.js extract normal words.
 *
 * Inline markup in paragraph and cell text: `**bold**`, `*italic*`, `***bold italic***`.
 */
import { readFileSync } from 'node:fs';
import fontkit from '@pdf-lib/fontkit';
import {
  beginText,
  endText,
  moveText,
  PDFArray,
  type PDFDocument,
  type PDFFont,
  PDFName,
  PDFNumber,
  PDFOperator,
  PDFOperatorNames,
  type PDFPage,
  popGraphicsState,
  pushGraphicsState,
  rgb,
  setFillingRgbColor,
  setFontAndSize,
} from 'pdf-lib';

export const MM = 72 / 25.4;
export const PAGE_WIDTH = 210 * MM;
export const PAGE_HEIGHT = 297 * MM;
export const MARGIN = { top: 20 * MM, bottom: 20 * MM, left: 30 * MM, right: 15 * MM } as const;
export const TEXT_WIDTH = PAGE_WIDTH - MARGIN.left - MARGIN.right;

/** Body text size (Decree 30: 13–14 pt). */
export const BODY_SIZE = 14;
/** Line height as a multiple of the font size (between single and 1.5 lines). */
const LEADING = 1.22;
/** Space after a paragraph (Decree 30: at least 6 pt). */
const PARAGRAPH_GAP = 6;
/** First-line indent: 1.27 cm. */
const INDENT = 12.7 * MM;
/** Share of the text width taken by the left header column (issuing body, number). */
const LEFT_COLUMN = 0.4;
const BLACK = rgb(0, 0, 0);

export type Style = 'r' | 'b' | 'i' | 'bi';
export type Fonts = Record<Style, PDFFont>;
export type Align = 'justify' | 'left' | 'center' | 'right';

const FONT_FILES: Record<Style, string> = {
  r: 'LiberationSerif-Regular.ttf',
  b: 'LiberationSerif-Bold.ttf',
  i: 'LiberationSerif-Italic.ttf',
  bi: 'LiberationSerif-BoldItalic.ttf',
};

/** Subset tags are fixed (six capitals + "+") so that every run writes the same bytes. */
const SUBSET_NAMES: Record<Style, string> = {
  r: 'PRLSRG+LiberationSerif',
  b: 'PRLSBD+LiberationSerif-Bold',
  i: 'PRLSIT+LiberationSerif-Italic',
  bi: 'PRLSBI+LiberationSerif-BoldItalic',
};

const FONT_KEYS: Record<Style, string> = { r: 'F1', b: 'F2', i: 'F3', bi: 'F4' };

/** Embeds the four Liberation Serif faces, subset, without ligatures (clean text extraction). */
export async function embedFonts(doc: PDFDocument, fontDir: string): Promise<Fonts> {
  doc.registerFontkit(fontkit);
  const embed = (style: Style) =>
    doc.embedFont(readFileSync(`${fontDir}/${FONT_FILES[style]}`), {
      subset: true,
      customName: SUBSET_NAMES[style],
      features: { liga: false, clig: false, dlig: false },
    });
  return { r: await embed('r'), b: await embed('b'), i: await embed('i'), bi: await embed('bi') };
}

// ---------------------------------------------------------------------------------------
// Inline markup and line breaking

export interface Segment {
  text: string;
  style: Style;
}

interface Token extends Segment {
  /** A space separates this token from the one before it. */
  spaced: boolean;
}

/** A word: tokens glued without spaces (a style change inside a word). */
interface Word {
  tokens: Token[];
  width: number;
}

interface Line {
  words: Word[];
  width: number;
}

/** Parses `**bold**`, `*italic*` and `***bold italic***` into styled segments. */
export function parseMarkup(text: string, base: Style = 'r'): Segment[] {
  const out: Segment[] = [];
  const re = /\*\*\*(.+?)\*\*\*|\*\*(.+?)\*\*|\*(.+?)\*/g;
  let last = 0;
  for (let m = re.exec(text); m !== null; m = re.exec(text)) {
    if (m.index > last) out.push({ text: text.slice(last, m.index), style: base });
    if (m[1] !== undefined) out.push({ text: m[1], style: 'bi' });
    else if (m[2] !== undefined) out.push({ text: m[2], style: base === 'i' ? 'bi' : 'b' });
    else if (m[3] !== undefined) out.push({ text: m[3], style: base === 'b' ? 'bi' : 'i' });
    last = m.index + m[0].length;
  }
  if (last < text.length) out.push({ text: text.slice(last), style: base });
  return out.map((s) => ({ ...s, text: s.text.normalize('NFC') }));
}

export class Composer {
  readonly pages: PDFPage[] = [];
  /** Top of the next block, in PDF points from the bottom edge. */
  y = 0;
  /** Default paragraph size; a document may use 13 pt instead of 14 pt. */
  bodySize = BODY_SIZE;
  private page!: PDFPage;

  constructor(
    readonly doc: PDFDocument,
    readonly fonts: Fonts,
  ) {
    this.newPage();
  }

  get current(): PDFPage {
    return this.page;
  }

  get pageNumber(): number {
    return this.pages.length;
  }

  newPage(): void {
    const page = this.doc.addPage([PAGE_WIDTH, PAGE_HEIGHT]);
    for (const style of Object.keys(FONT_KEYS) as Style[]) {
      page.node.setFontDictionary(PDFName.of(FONT_KEYS[style]), this.fonts[style].ref);
    }
    this.pages.push(page);
    this.page = page;
    this.y = PAGE_HEIGHT - MARGIN.top;
  }

  /** Starts a new page unless `height` still fits above the bottom margin. */
  ensure(height: number): void {
    if (this.y - height < MARGIN.bottom - 0.01) this.newPage();
  }

  space(height: number): void {
    this.y -= height;
  }

  width(text: string, style: Style, size: number): number {
    return this.fonts[style].widthOfTextAtSize(text.normalize('NFC'), size);
  }

  // -------------------------------------------------------------------------------------
  // Drawing primitives

  /**
   * Writes words on one baseline. `gap` is the extra width added after each inter-word
   * space (justification); the space characters themselves stay in the text.
   */
  private drawWords(words: Word[], x: number, baseline: number, size: number, gap: number, page = this.page) {
    const ops: PDFOperator[] = [
      pushGraphicsState(),
      setFillingRgbColor(0, 0, 0),
      beginText(),
      moveText(round(x), round(baseline)),
    ];
    let style: Style | undefined;
    let array: PDFArray | undefined;
    const flush = () => {
      if (array) ops.push(PDFOperator.of(PDFOperatorNames.ShowTextAdjusted, [array]));
      array = undefined;
    };
    words.forEach((word, w) => {
      word.tokens.forEach((token, t) => {
        if (token.style !== style) {
          flush();
          style = token.style;
          ops.push(setFontAndSize(FONT_KEYS[style], size));
        }
        array ??= PDFArray.withContext(this.doc.context);
        const isLastTokenOfWord = t === word.tokens.length - 1;
        const trailingSpace = isLastTokenOfWord && w < words.length - 1;
        const text = t > 0 && token.spaced ? ` ${token.text}` : token.text;
        array.push(this.fonts[token.style].encodeText(trailingSpace ? `${text} ` : text));
        if (trailingSpace && gap > 0.001) array.push(PDFNumber.of(round((-gap * 1000) / size)));
      });
    });
    flush();
    ops.push(endText(), popGraphicsState());
    page.pushOperators(...ops);
  }

  /** One line of plain or marked-up text at an explicit position (no wrapping). */
  text(
    text: string,
    opts: { x: number; baseline: number; size: number; style?: Style; align?: 'left' | 'center' | 'right' },
    page = this.page,
  ): number {
    const line = this.singleLine(text, opts.style ?? 'r', opts.size);
    let x = opts.x;
    if (opts.align === 'center') x -= line.width / 2;
    else if (opts.align === 'right') x -= line.width;
    this.drawWords(line.words, x, opts.baseline, opts.size, 0, page);
    return line.width;
  }

  line(x1: number, y1: number, x2: number, y2: number, thickness = 0.6, page = this.page): void {
    page.drawLine({
      start: { x: round(x1), y: round(y1) },
      end: { x: round(x2), y: round(y2) },
      thickness,
      color: BLACK,
    });
  }

  box(x: number, y: number, width: number, height: number, thickness = 0.9, page = this.page): void {
    page.drawRectangle({
      x: round(x),
      y: round(y),
      width: round(width),
      height: round(height),
      borderWidth: thickness,
      borderColor: BLACK,
    });
  }

  // -------------------------------------------------------------------------------------
  // Wrapping

  private words(text: string, base: Style, size: number): Word[] {
    const tokens: Token[] = [];
    let spaced = false;
    for (const seg of parseMarkup(text, base)) {
      const parts = seg.text.split(/[ \t]+/);
      parts.forEach((part, i) => {
        if (i > 0) spaced = true;
        if (part === '') return;
        tokens.push({ text: part, style: seg.style, spaced: spaced && tokens.length > 0 });
        spaced = false;
      });
    }
    const words: Word[] = [];
    // A spaced dash ("kinh tế - xã hội", "2026 - 2030") never starts or ends a line: it is
    // kept with the words on both sides (its spaces stay real spaces, they just don't stretch).
    let glueNext = false;
    for (const token of tokens) {
      const w = this.width(token.text, token.style, size);
      const prev = words[words.length - 1];
      const dash = token.spaced && /^[-–]$/.test(token.text);
      if (prev && (!token.spaced || dash || glueNext)) {
        if (token.spaced) prev.width += this.width(' ', token.style, size);
        prev.tokens.push(token);
        prev.width += w;
      } else {
        words.push({ tokens: [token], width: w });
      }
      glueNext = dash;
    }
    return words;
  }

  private spaceAfter(word: Word, size: number): number {
    const last = word.tokens[word.tokens.length - 1];
    return this.width(' ', last?.style ?? 'r', size);
  }

  private singleLine(text: string, base: Style, size: number): Line {
    const words = this.words(text, base, size);
    let width = 0;
    words.forEach((word, i) => {
      width += word.width + (i < words.length - 1 ? this.spaceAfter(word, size) : 0);
    });
    return { words, width };
  }

  /** Greedy line breaking; `firstWidth` applies to the first line (first-line indent). */
  wrap(text: string, base: Style, size: number, maxWidth: number, firstWidth = maxWidth): Line[] {
    const lines: Line[] = [];
    let current: Line = { words: [], width: 0 };
    for (const word of this.words(text, base, size)) {
      const limit = lines.length === 0 ? firstWidth : maxWidth;
      const prev = current.words[current.words.length - 1];
      const added = prev ? this.spaceAfter(prev, size) + word.width : word.width;
      if (prev && current.width + added > limit + 0.01) {
        lines.push(current);
        current = { words: [word], width: word.width };
      } else {
        current.words.push(word);
        current.width += added;
      }
    }
    if (current.words.length > 0) lines.push(current);
    return lines;
  }

  // -------------------------------------------------------------------------------------
  // Blocks

  /**
   * A paragraph. Justified paragraphs get a first-line indent unless `indent` is false;
   * lines break across pages as needed.
   */
  paragraph(
    text: string,
    opts: {
      align?: Align;
      indent?: boolean;
      size?: number;
      style?: Style;
      before?: number;
      after?: number;
      x?: number;
      width?: number;
      keepWithNext?: number;
    } = {},
  ): void {
    const size = opts.size ?? this.bodySize;
    const align = opts.align ?? 'justify';
    const indent = (opts.indent ?? align === 'justify') ? INDENT : 0;
    const x0 = opts.x ?? MARGIN.left;
    const maxWidth = opts.width ?? TEXT_WIDTH;
    const lineHeight = size * LEADING;
    const lines = this.wrap(text, opts.style ?? 'r', size, maxWidth, maxWidth - indent);
    this.space(opts.before ?? 0);
    // Keep at least two lines together (no widow or orphan single line), plus any
    // height the caller wants kept with this paragraph.
    this.ensure(Math.min(lines.length, 2) * lineHeight + (opts.keepWithNext ?? 0));
    lines.forEach((line, i) => {
      const remaining = lines.length - i;
      if (remaining === 2 && i > 0) this.ensure(2 * lineHeight);
      else this.ensure(lineHeight);
      const first = i === 0;
      const last = i === lines.length - 1;
      const available = maxWidth - (first ? indent : 0);
      let x = x0 + (first ? indent : 0);
      let gap = 0;
      if (align === 'justify' && !last && line.words.length > 1) {
        gap = (available - line.width) / (line.words.length - 1);
      } else if (align === 'center') {
        x = x0 + (maxWidth - line.width) / 2;
      } else if (align === 'right') {
        x = x0 + maxWidth - line.width;
      }
      this.drawWords(line.words, x, this.y - size * 0.9, size, gap);
      this.y -= lineHeight;
    });
    this.y -= opts.after ?? PARAGRAPH_GAP;
  }

  /** Height a paragraph would take (used to keep headings with what follows). */
  paragraphHeight(text: string, size = this.bodySize, style: Style = 'r'): number {
    return this.wrap(text, style, size, TEXT_WIDTH, TEXT_WIDTH - INDENT).length * size * LEADING;
  }

  /** A horizontal rule centred on `cx`. */
  rule(cx: number, length: number, gapAbove = 2): void {
    this.y -= gapAbove;
    this.line(cx - length / 2, this.y, cx + length / 2, this.y, 0.6);
  }

  // -------------------------------------------------------------------------------------
  // Tables

  /**
   * Height that must be free before a table starts: the whole table when it is small
   * (kept on one page), otherwise its caption, header and first row.
   */
  tableKeepHeight(spec: TableSpec): number {
    return this.tableLayout(spec).keep;
  }

  private tableLayout(spec: TableSpec) {
    const size = spec.size ?? 12;
    const lineHeight = size * 1.18;
    const padX = 3;
    const padY = 3;
    const total = spec.columns.reduce((sum, c) => sum + c.width, 0);
    const widths = spec.columns.map((c) => (c.width / total) * TEXT_WIDTH);
    const rowHeight = (cells: readonly string[], header: boolean) =>
      Math.max(
        1,
        ...cells.map(
          (cell, c) => this.wrap(cell, header ? 'b' : 'r', size, (widths[c] ?? 0) - 2 * padX).length,
        ),
      ) *
        lineHeight +
      2 * padY;
    const captionHeight = spec.caption ? this.paragraphHeight(spec.caption, this.bodySize, 'b') : 0;
    const noteHeight = spec.note ? 12 * 1.22 + 2 : 0;
    const headerHeight = rowHeight(spec.header, true);
    const rows = spec.rows.map((r) => rowHeight(r, false));
    const start = captionHeight + noteHeight + headerHeight + (rows[0] ?? 0);
    const full = captionHeight + noteHeight + headerHeight + rows.reduce((a, b) => a + b, 0);
    const small = full <= (PAGE_HEIGHT - MARGIN.top - MARGIN.bottom) * 0.4;
    return { keep: small ? full : start };
  }

  table(spec: TableSpec): void {
    this.ensure(this.tableKeepHeight(spec));
    const size = spec.size ?? 12;
    const lineHeight = size * 1.18;
    const padX = 3;
    const padY = 3;
    const total = spec.columns.reduce((sum, c) => sum + c.width, 0);
    const widths = spec.columns.map((c) => (c.width / total) * TEXT_WIDTH);
    const xs: number[] = [MARGIN.left];
    for (const w of widths) xs.push((xs[xs.length - 1] ?? MARGIN.left) + w);

    const layoutRow = (cells: readonly string[], header: boolean) => {
      const wrapped = cells.map((cell, c) =>
        this.wrap(cell, header ? 'b' : 'r', size, (widths[c] ?? 0) - 2 * padX),
      );
      const height = Math.max(1, ...wrapped.map((l) => l.length)) * lineHeight + 2 * padY;
      return { wrapped, height };
    };
    const drawRow = (cells: readonly string[], header: boolean) => {
      const { wrapped, height } = layoutRow(cells, header);
      const top = this.y;
      wrapped.forEach((lines, c) => {
        const col = spec.columns[c];
        const align = header ? 'center' : (col?.align ?? 'left');
        const cellX = xs[c] ?? MARGIN.left;
        const cellW = widths[c] ?? 0;
        // Header cells are vertically centred, body cells start at the top.
        const offset = header ? (height - 2 * padY - lines.length * lineHeight) / 2 : 0;
        lines.forEach((line, i) => {
          let x = cellX + padX;
          if (align === 'center') x = cellX + (cellW - line.width) / 2;
          else if (align === 'right') x = cellX + cellW - padX - line.width;
          this.drawWords(line.words, x, top - padY - offset - i * lineHeight - size * 0.88, size, 0);
        });
      });
      const bottom = top - height;
      this.line(xs[0] ?? MARGIN.left, top, xs[xs.length - 1] ?? MARGIN.left, top, 0.5);
      this.line(xs[0] ?? MARGIN.left, bottom, xs[xs.length - 1] ?? MARGIN.left, bottom, 0.5);
      for (const x of xs) this.line(x, top, x, bottom, 0.5);
      this.y = bottom;
    };

    if (spec.caption) this.paragraph(spec.caption, { align: 'center', style: 'b', after: 0 });
    if (spec.note) this.paragraph(spec.note, { align: 'right', style: 'i', size: 12, after: 2 });
    const headerHeight = layoutRow(spec.header, true).height;
    this.ensure(headerHeight + lineHeight * 2);
    drawRow(spec.header, true);
    for (const row of spec.rows) {
      const { height } = layoutRow(row, false);
      if (this.y - height < MARGIN.bottom) {
        this.newPage();
        drawRow(spec.header, true);
      }
      drawRow(row, false);
    }
    this.y -= spec.after ?? 10;
  }
}

export interface TableSpec {
  caption?: string;
  /** Right-aligned italic note above the table, e.g. "Đơn vị tính: tỷ đồng". */
  note?: string;
  columns: { width: number; align?: 'left' | 'center' | 'right' }[];
  header: string[];
  rows: string[][];
  size?: number;
  after?: number;
}

function round(n: number): number {
  return Math.round(n * 100) / 100;
}

// ---------------------------------------------------------------------------------------
// Decree 30 parts: header, title, signature, page numbers

export interface HeaderSpec {
  /** Governing body (cơ quan chủ quản): capitals, regular. */
  governing?: string[];
  /** Issuing body (cơ quan ban hành): capitals, bold; one entry per line. */
  issuer: string[];
  /** "Số: 4127/BC-STC". */
  number: string;
  /** Italic place-and-date line under the motto ("Thái Nguyên, ngày 20 tháng 11 năm 2026"). */
  placeDate?: string;
  /** Shows "MẬT" in a box under the number (and a small mark on every later page). */
  secret?: boolean;
  /** Shows "DỰ THẢO" in a box above the motto. */
  draft?: boolean;
  /** Type name in capitals: "BÁO CÁO", "TỜ TRÌNH", "GIẤY MỜI". */
  kindTitle: string;
  /** Summary (trích yếu), one entry per line, bold. */
  subject?: string[];
  /** "Kính gửi: Ủy ban nhân dân tỉnh Thái Nguyên." */
  recipient?: string;
}

const HEAD_SIZE = 13;
const MOTTO_SIZE = 12.5;
const MOTTO2_SIZE = 13.5;

/** Draws the Decree 30 header (ô 1–5) on the first page and moves the cursor below it. */
export function drawHeader(c: Composer, h: HeaderSpec): void {
  const top = PAGE_HEIGHT - MARGIN.top;
  const leftW = TEXT_WIDTH * LEFT_COLUMN;
  const leftCx = MARGIN.left + leftW / 2;
  const rightCx = MARGIN.left + leftW + (TEXT_WIDTH - leftW) / 2;
  const headLead = HEAD_SIZE * 1.18;

  if (h.draft) {
    const label = 'DỰ THẢO';
    const w = c.width(label, 'b', 12) + 14;
    const right = MARGIN.left + TEXT_WIDTH;
    c.box(right - w, top + 6, w, 17);
    c.text(label, { x: right - w / 2, baseline: top + 11, size: 12, style: 'b', align: 'center' });
  }

  for (const line of [...(h.governing ?? []), ...h.issuer]) {
    if (c.width(line, 'b', HEAD_SIZE) > leftW) throw new Error(`header line too wide, split it: ${line}`);
  }

  // Left column: governing body, issuing body, short rule, number.
  let y = top;
  for (const line of h.governing ?? []) {
    c.text(line, { x: leftCx, baseline: y - HEAD_SIZE * 0.9, size: HEAD_SIZE, align: 'center' });
    y -= headLead;
  }
  let issuerWidth = 0;
  for (const line of h.issuer) {
    const w = c.text(line, {
      x: leftCx,
      baseline: y - HEAD_SIZE * 0.9,
      size: HEAD_SIZE,
      style: 'b',
      align: 'center',
    });
    issuerWidth = Math.max(issuerWidth, w);
    y -= headLead;
  }
  const leftRuleY = y - 2.5;
  c.line(leftCx - issuerWidth * 0.2, leftRuleY, leftCx + issuerWidth * 0.2, leftRuleY);

  // Right column: national name and motto with a rule as long as the motto.
  let ry = top;
  c.text('CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM', {
    x: rightCx,
    baseline: ry - MOTTO_SIZE * 0.9,
    size: MOTTO_SIZE,
    style: 'b',
    align: 'center',
  });
  ry -= MOTTO_SIZE * 1.18;
  const mottoWidth = c.text('Độc lập - Tự do - Hạnh phúc', {
    x: rightCx,
    baseline: ry - MOTTO2_SIZE * 0.9,
    size: MOTTO2_SIZE,
    style: 'b',
    align: 'center',
  });
  ry -= MOTTO2_SIZE * 1.18;
  c.line(rightCx - mottoWidth / 2, ry - 2, rightCx + mottoWidth / 2, ry - 2);

  // Second row: number (left) and place-date (right) on one baseline.
  const rowTop = Math.min(leftRuleY, ry - 2) - 7;
  const baseline = rowTop - HEAD_SIZE * 0.9;
  c.text(h.number, { x: leftCx, baseline, size: HEAD_SIZE, align: 'center' });
  if (h.placeDate) c.text(h.placeDate, { x: rightCx, baseline, size: 13.5, style: 'i', align: 'center' });
  let bottom = rowTop - HEAD_SIZE * 1.25;

  if (h.secret) {
    const label = 'MẬT';
    const w = c.width(label, 'b', 13) + 20;
    const boxTop = bottom - 4;
    c.box(leftCx - w / 2, boxTop - 19, w, 19, 1.1);
    c.text(label, { x: leftCx, baseline: boxTop - 14, size: 13, style: 'b', align: 'center' });
    bottom = boxTop - 19;
  }

  // Type name, summary, its short rule, and the addressee.
  c.y = bottom - 16;
  c.paragraph(h.kindTitle, { align: 'center', style: 'b', size: BODY_SIZE, after: 0 });
  let subjectWidth = 0;
  for (const line of h.subject ?? []) {
    subjectWidth = Math.max(subjectWidth, c.width(line, 'b', BODY_SIZE));
    c.paragraph(line, { align: 'center', style: 'b', size: BODY_SIZE, after: 0 });
  }
  const ruleLength = Math.max(60, (subjectWidth || c.width(h.kindTitle, 'b', BODY_SIZE)) * 0.35);
  c.rule(MARGIN.left + TEXT_WIDTH / 2, ruleLength, 3);
  c.y -= 12;
  if (h.recipient) c.paragraph(h.recipient, { align: 'center', size: BODY_SIZE, after: 10 });
}

export interface SignatureSpec {
  /** Authority and title lines in capitals: ["KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC"]. */
  authority: string[];
  /** Signer's full name (bold, no academic titles); omitted on drafts. */
  name?: string;
  /** "Nơi nhận:" list; the last entry is "Lưu: VT, …". */
  recipients: string[];
}

/** Room for the handwritten signature and seal. */
const SIGNATURE_SPACE = 70;

/** Nơi nhận (bottom left) and the signature block (right), kept on one page. */
export function drawSignature(c: Composer, s: SignatureSpec): void {
  const leftW = TEXT_WIDTH * 0.45;
  const rightCx = MARGIN.left + leftW + (TEXT_WIDTH - leftW) / 2;
  const sigLead = BODY_SIZE * 1.2;
  const listLead = 11 * 1.2;
  const listLines = s.recipients.flatMap((r, i) =>
    c.wrap(`- ${r}${i === s.recipients.length - 1 ? '.' : ';'}`, 'r', 11, leftW - 6),
  );
  const leftHeight = 12 * 1.3 + listLines.length * listLead;
  const rightHeight = s.authority.length * sigLead + SIGNATURE_SPACE + sigLead;
  c.space(4);
  c.ensure(Math.max(leftHeight, rightHeight));
  const top = c.y;

  c.text('Nơi nhận:', { x: MARGIN.left, baseline: top - 12 * 0.9 - 2, size: 12, style: 'bi' });
  let ly = top - 12 * 1.3 - 2;
  for (const [i, r] of s.recipients.entries()) {
    const lines = c.wrap(`- ${r}${i === s.recipients.length - 1 ? '.' : ';'}`, 'r', 11, leftW - 6);
    lines.forEach((line, j) => {
      const text = line.words
        .map((w) => w.tokens.map((t, k) => (k > 0 && t.spaced ? ` ${t.text}` : t.text)).join(''))
        .join(' ');
      c.text(text, { x: MARGIN.left + (j > 0 ? 6 : 0), baseline: ly - 11 * 0.9, size: 11 });
      ly -= listLead;
    });
  }

  let ry = top;
  for (const line of s.authority) {
    c.text(line, {
      x: rightCx,
      baseline: ry - BODY_SIZE * 0.9,
      size: BODY_SIZE,
      style: 'b',
      align: 'center',
    });
    ry -= sigLead;
  }
  ry -= SIGNATURE_SPACE;
  if (s.name) {
    c.text(s.name, {
      x: rightCx,
      baseline: ry - BODY_SIZE * 0.9,
      size: BODY_SIZE,
      style: 'b',
      align: 'center',
    });
  }
  ry -= sigLead;
  c.y = Math.min(ly, ry);
}

/** Page numbers (from page 2, centred in the top margin) and the secrecy mark on later pages. */
export function finishPages(c: Composer, opts: { secret?: boolean }): void {
  c.pages.forEach((page, i) => {
    if (i === 0) return;
    const baseline = PAGE_HEIGHT - MARGIN.top / 2 - 4;
    c.text(String(i + 1), { x: MARGIN.left + TEXT_WIDTH / 2, baseline, size: 13, align: 'center' }, page);
    if (opts.secret) {
      const w = c.width('MẬT', 'b', 11) + 12;
      c.box(MARGIN.left, baseline - 4, w, 16, 0.9, page);
      c.text('MẬT', { x: MARGIN.left + w / 2, baseline, size: 11, style: 'b', align: 'center' }, page);
    }
  });
}

/** Vietnamese administrative date: days below 10 and months 1–2 take a leading zero. */
export function viDate(iso: string): { day: string; month: string; year: string; text: string } {
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(iso);
  if (!m) throw new Error(`not an ISO date: ${iso}`);
  const [, year = '', mm = '', dd = ''] = m;
  const month = Number(mm) <= 2 ? mm : String(Number(mm));
  return { day: dd, month, year, text: `ngày ${dd} tháng ${month} năm ${year}` };
}
