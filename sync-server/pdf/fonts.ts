import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import fontkit from '@cantoo/fontkit';
import type { PDFDocument, PDFFont, PDFHexString } from '@cantoo/pdf-lib';
import { packageRoot } from '../runtime/package-root';

/**
 * A typeface: Liberation Serif regular (`r`), bold (`b`), italic (`i`), bold italic (`bi`),
 * or Liberation Mono (`m`). Liberation Serif is metric-compatible with Times New Roman, the
 * font Decree 30/2020 asks for, and covers every Vietnamese letter.
 */
export type Face = 'r' | 'b' | 'i' | 'bi' | 'm';

interface FaceInfo {
  file: string;
  /** Subset tags are fixed (six capitals + "+"): pdf-lib would pick random ones, and the same input must give the same bytes. */
  subsetName: string;
  /** Fixed font resource key on every page, for the same reason. */
  key: string;
}

const FACES: Readonly<Record<Face, FaceInfo>> = {
  r: { file: 'LiberationSerif-Regular.ttf', subsetName: 'PRLSRG+LiberationSerif', key: 'F1' },
  b: { file: 'LiberationSerif-Bold.ttf', subsetName: 'PRLSBD+LiberationSerif-Bold', key: 'F2' },
  i: { file: 'LiberationSerif-Italic.ttf', subsetName: 'PRLSIT+LiberationSerif-Italic', key: 'F3' },
  bi: { file: 'LiberationSerif-BoldItalic.ttf', subsetName: 'PRLSBI+LiberationSerif-BoldItalic', key: 'F4' },
  m: { file: 'LiberationMono-Regular.ttf', subsetName: 'PRLSMO+LiberationMono', key: 'F5' },
};

/** The four Liberation Serif faces: what a Decree 30 document needs. */
export const SERIF_FACES: readonly Face[] = ['r', 'b', 'i', 'bi'];

const fileCache = new Map<Face, Promise<Uint8Array>>();

/** Font files are read once per process; the subsets are made per document. */
function fontFile(face: Face): Promise<Uint8Array> {
  let bytes = fileCache.get(face);
  if (!bytes) {
    bytes = readFile(join(packageRoot(), 'resources', 'fonts', FACES[face].file));
    // A failed read (file missing during an update) is retried by the next document.
    bytes.catch(() => fileCache.delete(face));
    fileCache.set(face, bytes);
  }
  return bytes;
}

/** Widths one document keeps measured (a few MB at most). */
const MAX_CACHED_WIDTHS = 50_000;

/** The fonts embedded in one document, with measuring and encoding that always see NFC text. */
export class FontSet {
  /**
   * Widths already measured, by face, size and text: measuring shapes the text with fontkit,
   * and line breaking measures the same words and spaces again and again (thousands of text
   * boxes in an annotation export). Exact keys, so a width is the very number measuring gives.
   */
  private readonly widths = new Map<string, number>();

  constructor(private readonly embedded: ReadonlyMap<Face, PDFFont>) {}

  /** The embedded faces, in a fixed order. */
  get faces(): Face[] {
    return [...this.embedded.keys()];
  }

  /** The pdf-lib font of `face`; throws when the document did not embed it. */
  font(face: Face): PDFFont {
    const font = this.embedded.get(face);
    if (!font) throw new Error(`font face "${face}" is not embedded in this document`);
    return font;
  }

  /** The resource name (F1…F5) under which every page refers to `face`. */
  resourceKey(face: Face): string {
    return FACES[face].key;
  }

  /** Advance width of `text` at `size` points (no kerning, as the text is drawn). */
  width(text: string, face: Face, size: number): number {
    const key = `${face}\u0000${size}\u0000${text}`;
    let width = this.widths.get(key);
    if (width === undefined) {
      width = this.font(face).widthOfTextAtSize(text.normalize('NFC'), size);
      if (this.widths.size >= MAX_CACHED_WIDTHS) this.widths.clear();
      this.widths.set(key, width);
    }
    return width;
  }

  /** Glyph codes of `text` for a show-text operator; also records the glyphs for the subset. */
  encode(text: string, face: Face): PDFHexString {
    return this.font(face).encodeText(text.normalize('NFC'));
  }
}

/**
 * A font file is missing or unreadable. Documents are never made with a fallback font: a
 * substitute without Vietnamese glyphs would print boxes in place of letters.
 */
export class FontMissingError extends Error {
  override readonly name = 'FontMissingError';
  constructor(
    readonly file: string,
    options?: ErrorOptions,
  ) {
    super(`font file ${file} is missing or unreadable: documents are not made without it`, options);
  }
}

/** Reads a face's file from `dir` (tests point it elsewhere), or the package's (cached). */
async function readFace(face: Face, dir: string | undefined): Promise<Uint8Array> {
  try {
    return dir === undefined ? await fontFile(face) : await readFile(join(dir, FACES[face].file));
  } catch (err) {
    throw new FontMissingError(FACES[face].file, { cause: err });
  }
}

/**
 * Embeds `faces` (by default the four serif faces) into `doc` as subsets, reading the font
 * files from `resources/fonts` of the package (or `options.dir`). Throws
 * {@link FontMissingError} when a file cannot be read.
 */
export async function embedFonts(
  doc: PDFDocument,
  faces: readonly Face[] = SERIF_FACES,
  options: { dir?: string } = {},
): Promise<FontSet> {
  doc.registerFontkit(fontkit);
  const embedded = new Map<Face, PDFFont>();
  for (const face of faces) {
    const font = await doc.embedFont(await readFace(face, options.dir), {
      subset: true,
      customName: FACES[face].subsetName,
      // No ligatures: "fi" stays two letters for pdftotext, search and screen readers.
      features: { liga: false, clig: false, dlig: false },
    });
    embedded.set(face, font);
  }
  return new FontSet(embedded);
}
