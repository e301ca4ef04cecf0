import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PDFArray, PDFDict, PDFDocument, PDFHexString, PDFName, PDFString } from '@cantoo/pdf-lib';
import { withPdfJs } from './pdfjs-reader';

/** One annotation as PDF.js reads it back (what a browser's viewer lists and draws). */
export interface ReadBackAnnotation {
  page: number;
  subtype: string;
  author: string;
  contents: string;
  /** Text PDF.js extracts from the annotation's own appearance stream (free text). */
  textContent: string[] | null;
  rect: number[];
  hasAppearance: boolean;
  /** The /NM entry, read with pdf-lib (PDF.js does not report it). */
  name: string | null;
}

/** Every annotation of every page and the outline titles, read by PDF.js (and /NM by pdf-lib). */
export async function readAnnotations(
  bytes: Uint8Array,
): Promise<{ annotations: ReadBackAnnotation[]; outline: string[]; pages: number }> {
  const names = await annotationNames(bytes);
  return withPdfJs(bytes, async (doc) => {
    const annotations: ReadBackAnnotation[] = [];
    for (let n = 1; n <= doc.numPages; n++) {
      const page = await doc.getPage(n);
      const list = (await page.getAnnotations()) as Record<string, unknown>[];
      list.forEach((a, i) => {
        annotations.push({
          page: n,
          subtype: String(a.subtype),
          author: String((a.titleObj as { str?: string } | undefined)?.str ?? ''),
          contents: String((a.contentsObj as { str?: string } | undefined)?.str ?? ''),
          textContent: (a.textContent as string[] | undefined) ?? null,
          rect: [...(a.rect as number[])],
          hasAppearance: a.hasAppearance === true,
          name: names[n - 1]?.[i] ?? null,
        });
      });
    }
    const outline = ((await doc.getOutline()) ?? []).map((item) => item.title);
    return { annotations, outline, pages: doc.numPages };
  });
}

/** The /NM of each annotation of each page, in /Annots order. */
export async function annotationNames(bytes: Uint8Array): Promise<(string | null)[][]> {
  const doc = await PDFDocument.load(bytes, { updateMetadata: false });
  return doc.getPages().map((page) => {
    const annots = page.node.lookupMaybe(PDFName.of('Annots'), PDFArray);
    if (!annots) return [];
    return annots.asArray().map((_, i) => {
      const nm = annots.lookupMaybe(i, PDFDict)?.get(PDFName.of('NM'));
      return nm instanceof PDFHexString || nm instanceof PDFString ? nm.decodeText() : null;
    });
  });
}

/**
 * Flattens `bytes` with poppler (pdftocairo draws every annotation's appearance into the page)
 * and extracts the text of the result with pdftotext: what a poppler reader draws for the
 * annotations, as text.
 */
export function popplerDrawnText(bytes: Uint8Array): string {
  const dir = mkdtempSync(join(tmpdir(), 'ann-poppler-'));
  try {
    writeFileSync(join(dir, 'in.pdf'), bytes);
    execFileSync('pdftocairo', ['-pdf', join(dir, 'in.pdf'), join(dir, 'flat.pdf')], { timeout: 60_000 });
    execFileSync('pdftotext', ['-enc', 'UTF-8', join(dir, 'flat.pdf'), join(dir, 'out.txt')], {
      timeout: 60_000,
    });
    return readFileSync(join(dir, 'out.txt'), 'utf8').normalize('NFC');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** A page rendered in gray: one byte per pixel, rows from the top. */
export interface GrayPage {
  width: number;
  height: number;
  pixels: Uint8Array;
}

/** Renders one page as a reader sees it (its /Rotate applied) with pdftoppm, in gray at `dpi`. */
export function renderGray(bytes: Uint8Array, page: number, dpi = 72): GrayPage {
  const dir = mkdtempSync(join(tmpdir(), 'ann-ppm-'));
  try {
    writeFileSync(join(dir, 'in.pdf'), bytes);
    const f = String(page);
    execFileSync(
      'pdftoppm',
      ['-gray', '-r', String(dpi), '-f', f, '-l', f, '-singlefile', join(dir, 'in.pdf'), join(dir, 'p')],
      { timeout: 60_000 },
    );
    const pgm = readFileSync(join(dir, 'p.pgm'));
    // Binary PGM: "P5\n<w> <h>\n<max>\n", then one byte per pixel.
    const header = pgm.subarray(0, 64).toString('latin1').split(/\s+/);
    let offset = 0;
    for (let fields = 0; fields < 4 && offset < 64; offset++) {
      if (/\s/.test(String.fromCharCode(pgm[offset] ?? 32))) fields++;
    }
    return { width: Number(header[1]), height: Number(header[2]), pixels: pgm.subarray(offset) };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The box (in pixels, from the top left) around every pixel darker than `threshold`, or null. */
export function darkBounds(
  img: GrayPage,
  threshold = 160,
): { x0: number; y0: number; x1: number; y1: number; count: number } | null {
  let x0 = Number.POSITIVE_INFINITY;
  let y0 = Number.POSITIVE_INFINITY;
  let x1 = -1;
  let y1 = -1;
  let count = 0;
  for (let y = 0; y < img.height; y++) {
    for (let x = 0; x < img.width; x++) {
      if ((img.pixels[y * img.width + x] ?? 255) >= threshold) continue;
      count++;
      x0 = Math.min(x0, x);
      y0 = Math.min(y0, y);
      x1 = Math.max(x1, x);
      y1 = Math.max(y1, y);
    }
  }
  return count === 0 ? null : { x0, y0, x1, y1, count };
}
