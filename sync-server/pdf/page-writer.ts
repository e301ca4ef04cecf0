import { PDFName, type PDFDocument, type PDFPage } from '@cantoo/pdf-lib';
import { fillBox, type ShowLineOptions, showLine, strokeBox, strokeLine } from './draw';
import type { Face, FontSet } from './fonts';
import { breakLines, type Line, lineOf, toWords } from './line-break';
import { plainText, type Text } from './text-runs';

/** Points per millimetre. */
export const MM = 72 / 25.4;

/** A4 portrait, in points. */
export const A4 = { width: 210 * MM, height: 297 * MM } as const;

/** Page margins in points. */
export interface Margins {
  readonly top: number;
  readonly bottom: number;
  readonly left: number;
  readonly right: number;
}

/** Horizontal alignment of a line or paragraph. */
export type Align = 'left' | 'center' | 'right' | 'justify';

/** What a paragraph uses when its options leave a value out. */
export interface ParagraphDefaults {
  size: number;
  align: Align;
  /** Line height as a multiple of the font size. */
  leading: number;
  /** First-line indent of justified paragraphs, in points. */
  indent: number;
  /** Space after a paragraph, in points. */
  after: number;
}

/** Options of {@link PageWriter.paragraph}. */
export interface ParagraphOptions {
  align?: Align;
  /** First-line indent in points; by default the writer's indent for justified text, else none. */
  indent?: number;
  size?: number;
  /** Face of plain-string text. */
  face?: Face;
  leading?: number;
  before?: number;
  after?: number;
  /** Left edge and width of the column; by default the text block between the margins. */
  x?: number;
  width?: number;
  /** Height that must fit on the page below the paragraph's first two lines (a heading's text). */
  keepWithNext?: number;
}

/** Options of {@link PageWriter.text}: one line at a fixed place. */
export interface TextOptions {
  /** The anchor: the line's left end, centre or right end, by `align`. */
  x: number;
  baseline: number;
  size: number;
  face?: Face;
  align?: 'left' | 'center' | 'right';
  charSpace?: number;
  embolden?: number;
  page?: PDFPage;
}

const DEFAULTS: ParagraphDefaults = { size: 12, align: 'left', leading: 1.2, indent: 0, after: 0 };

/** Baseline below the top of a line box, as a share of the font size (Liberation Serif's ascent). */
export const ASCENT = 0.9;

/**
 * Pages of one size with fixed margins, and a cursor (`y`, the top of the next block) that
 * flows paragraphs down the page and onto new pages. Every page refers to the fonts under
 * the same resource keys, so the output does not depend on pdf-lib's random names.
 */
export class PageWriter {
  readonly pages: PDFPage[] = [];
  /** Top of the next block, in points from the bottom edge. */
  y = 0;
  readonly width: number;
  readonly height: number;
  readonly defaults: ParagraphDefaults;
  private current: PDFPage | undefined;
  /** Drawn first on every new page, under its text (a draft's watermark). */
  private readonly underlay: ((page: PDFPage) => void) | undefined;

  constructor(
    readonly doc: PDFDocument,
    readonly fonts: FontSet,
    readonly margin: Margins,
    options: {
      width?: number;
      height?: number;
      defaults?: Partial<ParagraphDefaults>;
      underlay?: (page: PDFPage) => void;
    } = {},
  ) {
    this.underlay = options.underlay;
    this.width = options.width ?? A4.width;
    this.height = options.height ?? A4.height;
    this.defaults = { ...DEFAULTS, ...options.defaults };
  }

  /** The page being written; the first call starts page 1. */
  get page(): PDFPage {
    return this.current ?? this.newPage();
  }

  /** Left edge of the text block. */
  get left(): number {
    return this.margin.left;
  }

  /** Width of the text block between the margins. */
  get textWidth(): number {
    return this.width - this.margin.left - this.margin.right;
  }

  /** Top edge of the text block. */
  get top(): number {
    return this.height - this.margin.top;
  }

  /** Baseline of marks in the top margin (page numbers): a little above its middle. */
  get headBaseline(): number {
    return this.height - this.margin.top / 2 - 4;
  }

  /** Adds a page and moves the cursor to its top margin. */
  newPage(): PDFPage {
    const page = this.doc.addPage([this.width, this.height]);
    for (const face of this.fonts.faces) {
      page.node.setFontDictionary(PDFName.of(this.fonts.resourceKey(face)), this.fonts.font(face).ref);
    }
    this.pages.push(page);
    this.current = page;
    this.y = this.top;
    this.underlay?.(page);
    return page;
  }

  /** Starts a new page (or the first one) unless `height` still fits above the bottom margin. */
  ensure(height: number): void {
    if (!this.current || this.y - height < this.margin.bottom - 0.01) this.newPage();
  }

  /** Moves the cursor down. */
  space(height: number): void {
    this.y -= height;
  }

  /** Width of `text` on one line; `charSpace` as drawn with {@link TextOptions.charSpace}. */
  measure(text: Text, size: number, face: Face = 'r', charSpace = 0): number {
    return this.widthOf(lineOf(toWords(text, this.fonts, size, face), this.fonts, size), text, charSpace);
  }

  private widthOf(line: Line, text: Text, charSpace: number): number {
    // Tc also follows the last character, but centring looks right without it.
    return line.width + charSpace * Math.max(0, [...plainText(text)].length - 1);
  }

  /** Breaks `text` into lines of at most `width` points. */
  lines(
    text: Text,
    o: { size: number; width: number; firstWidth?: number; maxLines?: number; face?: Face },
  ): Line[] {
    return breakLines(text, this.fonts, o, o.face);
  }

  /** Draws a laid-out line at a fixed place. */
  drawLine(line: Line, o: ShowLineOptions & { page?: PDFPage }): void {
    showLine(o.page ?? this.page, this.fonts, line, o);
  }

  /** One line at a fixed place, never wrapped; returns its width. */
  text(text: Text, o: TextOptions): number {
    const line = lineOf(toWords(text, this.fonts, o.size, o.face), this.fonts, o.size);
    const width = this.widthOf(line, text, o.charSpace ?? 0);
    let x = o.x;
    if (o.align === 'center') x -= width / 2;
    else if (o.align === 'right') x -= width;
    this.drawLine(line, {
      x,
      baseline: o.baseline,
      size: o.size,
      charSpace: o.charSpace,
      embolden: o.embolden,
      page: o.page,
    });
    return width;
  }

  /** Height a paragraph would take with these options (to keep a heading with what follows). */
  paragraphHeight(text: Text, o: ParagraphOptions = {}): number {
    const size = o.size ?? this.defaults.size;
    return this.paragraphLines(text, o).length * size * (o.leading ?? this.defaults.leading);
  }

  private paragraphLines(text: Text, o: ParagraphOptions): Line[] {
    const size = o.size ?? this.defaults.size;
    const width = o.width ?? this.textWidth;
    const indent = this.indentOf(o);
    return this.lines(text, { size, width, firstWidth: width - indent, face: o.face });
  }

  private indentOf(o: ParagraphOptions): number {
    return o.indent ?? ((o.align ?? this.defaults.align) === 'justify' ? this.defaults.indent : 0);
  }

  /**
   * Flows a paragraph from the cursor, onto new pages as needed. Never leaves one line of
   * it alone at the foot or the head of a page.
   */
  paragraph(text: Text, o: ParagraphOptions = {}): void {
    const size = o.size ?? this.defaults.size;
    const align = o.align ?? this.defaults.align;
    const indent = this.indentOf(o);
    const x0 = o.x ?? this.left;
    const width = o.width ?? this.textWidth;
    const lineHeight = size * (o.leading ?? this.defaults.leading);
    const lines = this.paragraphLines(text, o);
    this.space(o.before ?? 0);
    this.ensure(Math.min(lines.length, 2) * lineHeight + (o.keepWithNext ?? 0));
    lines.forEach((line, i) => {
      const remaining = lines.length - i;
      this.ensure(remaining === 2 && i > 0 ? 2 * lineHeight : lineHeight);
      const first = i === 0;
      const last = i === lines.length - 1;
      let x = x0 + (first ? indent : 0);
      let gap = 0;
      const gaps = line.words.filter((word, j) => j > 0 && word.spaced).length;
      if (align === 'justify' && !last && gaps > 0) {
        gap = (width - (first ? indent : 0) - line.width) / gaps;
      } else if (align === 'center') {
        x = x0 + (width - line.width) / 2;
      } else if (align === 'right') {
        x = x0 + width - line.width;
      }
      this.drawLine(line, { x, baseline: this.y - size * ASCENT, size, gap });
      this.y -= lineHeight;
    });
    this.y -= o.after ?? this.defaults.after;
  }

  /** A horizontal rule centred on `cx`, `gapAbove` below the cursor; the cursor moves to it. */
  rule(cx: number, length: number, gapAbove = 2): void {
    this.y -= gapAbove;
    this.strokeLine({ x: cx - length / 2, y: this.y }, { x: cx + length / 2, y: this.y });
  }

  /** A straight line on the current page (or `page`). */
  strokeLine(
    from: { x: number; y: number },
    to: { x: number; y: number },
    o: { thickness?: number; gray?: number; dash?: number[]; page?: PDFPage } = {},
  ): void {
    strokeLine(o.page ?? this.page, from, to, o);
  }

  /** An unfilled rectangle; `y` is its bottom edge. */
  box(x: number, y: number, width: number, height: number, thickness = 0.9, page = this.page): void {
    strokeBox(page, x, y, width, height, thickness);
  }

  /** A filled grey rectangle; `y` is its bottom edge. */
  fill(x: number, y: number, width: number, height: number, gray: number, page = this.page): void {
    fillBox(page, x, y, width, height, gray);
  }

  /**
   * Page numbers in Arabic figures, centred in the top margin, from page `from` on (Decree
   * 30: none on page 1). Call once all pages exist.
   */
  numberPages(size: number, from = 2): void {
    const baseline = this.headBaseline;
    this.pages.forEach((page, i) => {
      if (i + 1 < from) return;
      this.text(String(i + 1), { x: this.left + this.textWidth / 2, baseline, size, align: 'center', page });
    });
  }
}
