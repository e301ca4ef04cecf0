import { pageTextItems } from './pdfjs-reader';

/** A piece of text as PDF.js reads it back: position of its baseline start, in PDF points. */
export interface PlacedText {
  str: string;
  x: number;
  /** Baseline, from the bottom of the page. */
  y: number;
  width: number;
  /** Font size (the text matrix's vertical scale). */
  size: number;
}

/** One visual line: the pieces that share a baseline, left to right. */
export interface PlacedLine {
  text: string;
  x0: number;
  x1: number;
  y: number;
}

/**
 * Reads every page's text with its positions through PDF.js (the same reader the room's
 * full-text indexing uses), so the tests need no poppler-utils.
 */
export async function readPages(bytes: Uint8Array): Promise<PlacedText[][]> {
  return (await pageTextItems(bytes)).map((items) =>
    items
      .filter((item) => item.str.trim() !== '')
      .map((item) => ({
        str: item.str,
        x: item.transform[4] as number,
        y: item.transform[5] as number,
        width: item.width,
        size: Math.abs(item.transform[3] as number),
      })),
  );
}

/** Groups a page's pieces into lines by baseline (top to bottom). */
export function linesOf(items: readonly PlacedText[]): PlacedLine[] {
  const byBaseline = new Map<number, PlacedText[]>();
  for (const item of items) {
    const key = Math.round(item.y * 10) / 10;
    byBaseline.set(key, [...(byBaseline.get(key) ?? []), item]);
  }
  return [...byBaseline.entries()]
    .sort(([a], [b]) => b - a)
    .map(([y, pieces]) => {
      const sorted = pieces.sort((a, b) => a.x - b.x);
      return {
        text: sorted
          .map((p) => p.str)
          .join('')
          .replace(/\s+/g, ' ')
          .trim(),
        x0: Math.min(...sorted.map((p) => p.x)),
        x1: Math.max(...sorted.map((p) => p.x + p.width)),
        y,
      };
    });
}

/** The piece whose text contains `needle`; throws when there is none. */
export function find(items: readonly PlacedText[], needle: string): PlacedText {
  const hit = items.find((item) => item.str.includes(needle));
  if (!hit) throw new Error(`"${needle}" not found in: ${items.map((i) => i.str).join(' | ')}`);
  return hit;
}

/** The line whose text contains `needle`; throws when there is none. */
export function findLine(lines: readonly PlacedLine[], needle: string): PlacedLine {
  const hit = lines.find((line) => line.text.includes(needle));
  if (!hit) throw new Error(`"${needle}" not found in lines: ${lines.map((l) => l.text).join(' | ')}`);
  return hit;
}
