import {
  beginText,
  endText,
  fill,
  moveText,
  PDFArray,
  PDFNumber,
  PDFOperator,
  PDFOperatorNames,
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
  TextRenderingMode,
} from '@cantoo/pdf-lib';
import type { Face, FontSet } from './fonts';
import type { Line } from './line-break';

/** Rounds to 1/100 pt: shorter content streams, and the same bytes on every platform. */
export function round(n: number): number {
  return Math.round(n * 100) / 100;
}

/** How to draw one line of text. */
export interface ShowLineOptions {
  /** Left end of the line and its baseline, in points from the page's bottom left corner. */
  x: number;
  baseline: number;
  size: number;
  /** Extra width after each space between words (justification). */
  gap?: number;
  /** Extra space after each character (Tc), in points. */
  charSpace?: number;
  /** Outline width for a heavier look (fill and stroke); 0 or absent for plain fill. */
  embolden?: number;
}

/**
 * Writes a line as `TJ` arrays that keep the real space characters and add the
 * justification as position adjustments after them. The fonts are Identity-H encoded, so
 * the word-spacing operator (Tw, single-byte code 32 only) would do nothing; and real
 * spaces are what makes `pdftotext` and PDF.js extract separate words.
 */
export function showLine(page: PDFPage, fonts: FontSet, line: Line, o: ShowLineOptions): void {
  const gap = o.gap ?? 0;
  const ops: PDFOperator[] = [pushGraphicsState(), setFillingGrayscaleColor(0)];
  if (o.embolden) ops.push(setStrokingGrayscaleColor(0), setLineWidth(o.embolden));
  ops.push(beginText());
  if (o.charSpace) ops.push(setCharacterSpacing(o.charSpace));
  if (o.embolden) ops.push(setTextRenderingMode(TextRenderingMode.FillAndOutline));
  ops.push(moveText(round(o.x), round(o.baseline)));
  let face: Face | undefined;
  let array: PDFArray | undefined;
  const flush = () => {
    if (array) ops.push(PDFOperator.of(PDFOperatorNames.ShowTextAdjusted, [array]));
    array = undefined;
  };
  line.words.forEach((word, w) => {
    const next = line.words[w + 1];
    word.runs.forEach((run, r) => {
      if (run.face !== face) {
        flush();
        face = run.face;
        ops.push(setFontAndSize(fonts.resourceKey(face), o.size));
      }
      array ??= PDFArray.withContext(page.doc.context);
      const spaceFollows = r === word.runs.length - 1 && next?.spaced === true;
      array.push(fonts.encode(spaceFollows ? `${run.text} ` : run.text, run.face));
      if (spaceFollows && gap > 0.001) array.push(PDFNumber.of(round((-gap * 1000) / o.size)));
    });
  });
  flush();
  ops.push(endText(), popGraphicsState());
  page.pushOperators(...ops);
}

/** A straight black (or grey) line. */
export function strokeLine(
  page: PDFPage,
  from: { x: number; y: number },
  to: { x: number; y: number },
  options: { thickness?: number; gray?: number; dash?: number[] } = {},
): void {
  const gray = options.gray ?? 0;
  page.drawLine({
    start: { x: round(from.x), y: round(from.y) },
    end: { x: round(to.x), y: round(to.y) },
    thickness: options.thickness ?? 0.6,
    color: rgb(gray, gray, gray),
    ...(options.dash ? { dashArray: options.dash } : {}),
  });
}

/** An unfilled black rectangle (the frames of "MẬT" and "DỰ THẢO"). */
export function strokeBox(
  page: PDFPage,
  x: number,
  y: number,
  width: number,
  height: number,
  thickness = 0.9,
): void {
  page.drawRectangle({
    x: round(x),
    y: round(y),
    width: round(width),
    height: round(height),
    borderWidth: thickness,
    borderColor: rgb(0, 0, 0),
  });
}

/** A filled grey rectangle without border (0 black, 1 white). */
export function fillBox(
  page: PDFPage,
  x: number,
  y: number,
  width: number,
  height: number,
  gray: number,
): void {
  page.pushOperators(
    pushGraphicsState(),
    setFillingGrayscaleColor(gray),
    rectangle(round(x), round(y), round(width), round(height)),
    fill(),
    popGraphicsState(),
  );
}
