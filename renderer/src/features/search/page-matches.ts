import { findPhrase, type Phrase } from '#common/search/phrase';
import type { PdfTextItem } from '../../lib/pdf/pdf';

/** A box to highlight on a page, at zoom 1 (CSS pixels from the page's top left). */
export interface HighlightRect {
  readonly left: number;
  readonly top: number;
  readonly width: number;
  readonly height: number;
}

/** One place on a page where the phrase stands: the boxes of its syllables. */
export interface PageMatch {
  readonly page: number;
  readonly rects: readonly HighlightRect[];
  /** How many syllables carry exactly the diacritics typed. */
  readonly exact: number;
}

/**
 * The text of a page as one string, the way the room server reads it: runs one after the
 * other, a line break where pdf.js says a line ends. `starts[i]` is where run i begins.
 */
export function joinPageText(items: readonly PdfTextItem[]): { text: string; starts: number[] } {
  let text = '';
  const starts: number[] = [];
  for (const item of items) {
    starts.push(text.length);
    text += item.str;
    if (item.hasEOL) text += '\n';
  }
  return { text, starts };
}

/** The width of some text of a run, in any unit: only ratios within one run are used. */
export type MeasureText = (text: string, item: PdfTextItem) => number;

/** Every character equally wide: the fallback when nothing can measure text. */
export const countCharacters: MeasureText = (text) => text.length;

/**
 * Every place on a page where the phrase stands (the same phrase rules as the server's
 * search: `#common/search/phrase`), with a box per syllable and run. A syllable's box is cut
 * from its run's box in proportion to the measured width of the text before and in it (the
 * screen's fonts are not the PDF's, but the proportions are close enough to mark a word).
 */
export function findOnPage(
  page: number,
  items: readonly PdfTextItem[],
  phrase: Phrase,
  measure: MeasureText = countCharacters,
): PageMatch[] {
  const { text, starts } = joinPageText(items);
  return findPhrase(text, phrase).map((match) => {
    const rects: HighlightRect[] = [];
    for (const word of match.words) {
      items.forEach((item, i) => {
        const from = Math.max(word.start, starts[i]!);
        const to = Math.min(word.end, starts[i]! + item.str.length);
        if (to <= from || item.str.length === 0) return;
        const whole = measure(item.str, item);
        if (whole <= 0) return;
        const x0 = measure(item.str.slice(0, from - starts[i]!), item) / whole;
        const x1 = measure(item.str.slice(0, to - starts[i]!), item) / whole;
        rects.push({
          left: item.left + x0 * item.width,
          top: item.top,
          width: (x1 - x0) * item.width,
          height: item.height,
        });
      });
    }
    return { page, rects, exact: match.exact };
  });
}
