/**
 * The appearance streams (/AP /N) of exported annotations: what a reader draws, so that the
 * annotation looks the same in Acrobat, Okular, Evince and a browser without any of them
 * inventing it — above all the text of a text box, drawn here in our embedded Liberation Serif
 * so Vietnamese is never left to the viewer's fonts (pdf.js issues 15769 and 20117: a viewer
 * that makes its own appearance drops the letters its font lacks).
 */
import {
  beginText,
  clip,
  endPath,
  endText,
  fill,
  lineTo,
  moveText,
  moveTo,
  type PDFOperator,
  popGraphicsState,
  pushGraphicsState,
  rectangle,
  setFillingRgbColor,
  setFontAndSize,
  setLineWidth,
  setStrokingGrayscaleColor,
  showText,
  stroke,
} from '@cantoo/pdf-lib';
import type { InkAnnotation, Quad } from '#common/schemas/annotation';
import { round } from '../draw';
import type { FontSet } from '../fonts';
import { breakLines, lineText } from '../line-break';

/** An RGB colour, each part 0–1. */
export type Rgb = readonly [number, number, number];

/** `#rrggbb` → RGB. */
export function rgbOf(hex: string): Rgb {
  const n = Number.parseInt(hex.slice(1), 16);
  return [round(((n >> 16) & 255) / 255), round(((n >> 8) & 255) / 255), round((n & 255) / 255)];
}

/** A box as PDF arrays write it: lower left and upper right corners. */
export type Box = readonly [number, number, number, number];

/** Name of the highlight's blend state in its appearance's resources. */
export const MULTIPLY_STATE = 'GSm';

/** A number as a content stream writes it: at most two decimals, no exponent, no "-0". */
function num(n: number): string {
  const r = round(n);
  return Object.is(r, -0) ? '0' : String(r);
}

/**
 * Highlight: the quads filled in multiply blend, so the text under them stays black. Each
 * quad is drawn as PDF orders its points (top left, top right, bottom left, bottom right),
 * so a slanted line's highlight follows it. Geometry-only streams are written as text, not as
 * pdf-lib operator objects: a long stroke is thousands of points, and an object per number
 * costs more in garbage collection than the drawing itself.
 */
export function highlightContent(quads: readonly Quad[], color: Rgb): string {
  const parts = [`q /${MULTIPLY_STATE} gs ${color.map(num).join(' ')} rg`];
  for (const [x1, y1, x2, y2, x3, y3, x4, y4] of quads) {
    parts.push(
      `${num(x1)} ${num(y1)} m ${num(x2)} ${num(y2)} l ${num(x4)} ${num(y4)} l ${num(x3)} ${num(y3)} l h`,
    );
  }
  parts.push('f Q');
  return parts.join('\n');
}

/** Ink: each stroke with round ends and joins (a one-point stroke is a dot); see {@link highlightContent}. */
export function inkContent(paths: InkAnnotation['paths'], color: Rgb, width: number): string {
  const parts = [`q ${color.map(num).join(' ')} RG ${num(width)} w 1 J 1 j`];
  for (const path of paths) {
    const [first, ...rest] = path;
    if (!first) continue;
    parts.push(`${num(first.x)} ${num(first.y)} m`);
    if (rest.length === 0) parts.push(`${num(first.x)} ${num(first.y)} l`);
    for (const p of rest) parts.push(`${num(p.x)} ${num(p.y)} l`);
    parts.push('S');
  }
  parts.push('Q');
  return parts.join('\n');
}

/** Side of a sticky note's icon, in points. */
export const NOTE_ICON_SIZE = 20;

/** Sticky note icon: a square of the note's colour with a dark border and three lines of "text". */
export function noteIconOps(color: Rgb): PDFOperator[] {
  const s = NOTE_ICON_SIZE;
  const ops: PDFOperator[] = [
    pushGraphicsState(),
    setFillingRgbColor(...color),
    setStrokingGrayscaleColor(0.2),
    setLineWidth(1),
    rectangle(0.5, 0.5, s - 1, s - 1),
    fill(),
    rectangle(0.5, 0.5, s - 1, s - 1),
    stroke(),
    setLineWidth(1.2),
  ];
  for (const y of [14, 10, 6]) ops.push(moveTo(4, y), lineTo(y === 6 ? 11 : 16, y), stroke());
  ops.push(popGraphicsState());
  return ops;
}

/** Inner margin of a text box, in points. */
export const TEXTBOX_PADDING = 2;

/** Line height of a text box as a multiple of its font size. */
const TEXTBOX_LEADING = 1.2;

/** No glyph a text box shows is narrower than this share of the font size (Liberation Serif's are ≥ 0.25). */
const NARROWEST_GLYPH = 0.2;

/** Baseline below the top of a line, as a share of the font size (Liberation Serif's ascent). */
const ASCENT = 0.891;

/**
 * Text box: its text broken into lines within the box as the reader sees it (`width` ×
 * `height`, already turned for a rotated page), from the top, clipped to the box. Every line
 * is shown with real spaces, so text extraction gives the words as typed.
 */
export function textboxOps(
  fonts: FontSet,
  text: string,
  o: { width: number; height: number; fontSize: number; color: Rgb; fontKey: string },
): PDFOperator[] {
  const inner = Math.max(1, o.width - 2 * TEXTBOX_PADDING);
  const ops: PDFOperator[] = [
    pushGraphicsState(),
    rectangle(0, 0, round(o.width), round(o.height)),
    clip(),
    endPath(),
    beginText(),
    setFontAndSize(o.fontKey, round(o.fontSize)),
    setFillingRgbColor(...o.color),
  ];
  let baseline = o.height - TEXTBOX_PADDING - ASCENT * o.fontSize;
  let previous: { x: number; y: number } = { x: 0, y: 0 };
  const maxLines = Math.ceil(o.height / (o.fontSize * TEXTBOX_LEADING)) + 1;
  // Text below the box is clipped away: lay out no more characters than could ever show, so a
  // long text in a small box (or a hostile layer full of them) costs what the box shows.
  let charsLeft = maxLines * Math.ceil(inner / (NARROWEST_GLYPH * o.fontSize));
  let drawn = 0;
  for (const whole of text.normalize('NFC').split(/\r\n?|\n/)) {
    if (drawn >= maxLines || charsLeft <= 0) break;
    const paragraph = whole.slice(0, charsLeft);
    charsLeft -= paragraph.length;
    const lines =
      paragraph.trim() === '' ? [] : breakLines(paragraph, fonts, { size: o.fontSize, width: inner });
    for (const line of lines.length > 0 ? lines : [null]) {
      // Lines below the box are clipped away anyway: stop laying them out.
      if (drawn >= maxLines) break;
      if (line) {
        const at = { x: TEXTBOX_PADDING, y: baseline };
        ops.push(moveText(round(at.x - previous.x), round(at.y - previous.y)));
        ops.push(showText(fonts.encode(lineText(line), 'r')));
        previous = at;
      }
      baseline -= o.fontSize * TEXTBOX_LEADING;
      drawn++;
    }
  }
  ops.push(endText(), popGraphicsState());
  return ops;
}

/**
 * The /Matrix of an appearance drawn upright for a page shown turned by `rotation` degrees
 * clockwise: the form is turned the other way, so the reader sees it upright. Viewers fit the
 * turned /BBox onto the annotation's /Rect, so only the turn matters, not the translation.
 */
export function uprightMatrix(rotation: number): [number, number, number, number, number, number] {
  switch (((rotation % 360) + 360) % 360) {
    case 90:
      return [0, 1, -1, 0, 0, 0];
    case 180:
      return [-1, 0, 0, -1, 0, 0];
    case 270:
      return [0, -1, 1, 0, 0, 0];
    default:
      return [1, 0, 0, 1, 0, 0];
  }
}

/** The smallest box holding all the points, grown by `pad` on every side. */
export function boundsOf(xs: readonly number[], ys: readonly number[], pad = 0): Box {
  return [
    round(Math.min(...xs) - pad),
    round(Math.min(...ys) - pad),
    round(Math.max(...xs) + pad),
    round(Math.max(...ys) + pad),
  ];
}
