import { createRequire } from 'node:module';
import { dirname, join, sep } from 'node:path';
import type { TextItem } from 'pdfjs-dist/types/src/display/api';

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
  const pdfjs = await import('pdfjs-dist/legacy/build/pdf.mjs');
  const root = dirname(createRequire(import.meta.url).resolve('pdfjs-dist/package.json'));
  const task = pdfjs.getDocument({
    data: bytes.slice(),
    disableFontFace: true,
    useSystemFonts: false,
    verbosity: pdfjs.VerbosityLevel.ERRORS,
    cMapUrl: join(root, 'cmaps') + sep,
    standardFontDataUrl: join(root, 'standard_fonts') + sep,
  });
  const doc = await task.promise;
  try {
    const pages: PlacedText[][] = [];
    for (let n = 1; n <= doc.numPages; n++) {
      const page = await doc.getPage(n);
      const content = await page.getTextContent();
      pages.push(
        content.items
          .filter((item): item is TextItem => 'str' in item && item.str.trim() !== '')
          .map((item) => ({
            str: item.str,
            x: item.transform[4] as number,
            y: item.transform[5] as number,
            width: item.width,
            size: Math.abs(item.transform[3] as number),
          })),
      );
    }
    return pages;
  } finally {
    await task.destroy();
  }
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
