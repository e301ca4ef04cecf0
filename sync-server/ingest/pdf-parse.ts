import { createRequire } from 'node:module';
import { dirname, join, sep } from 'node:path';
import type { TextItem, TextMarkedContent } from 'pdfjs-dist/types/src/display/api';
import { contentKindOf, describeContent, hasPdfHeader } from './file-sniff';
import { IngestError } from './ingest-error';
import { checkPdfStreams } from './pdf-stream-check';
import { firstHeading, type PdfTitleCandidates, type SizedText, tidyTitle } from './pdf-title';

/** What the room needs to know about an uploaded PDF. */
export interface PdfInspection {
  readonly pageCount: number;
  /** Encrypted, but readable without a password (an empty user password, e.g. "no copying" flags). */
  readonly encrypted: boolean;
  /** The text of each page in reading order, lines separated by '\n'; '' for a page without text. */
  readonly pages: string[];
  /** What the PDF says its title is (metadata, first heading); absent from inspectors that do not look. */
  readonly title?: PdfTitleCandidates;
}

/** More text than this on one page is cut off: it is only for search, and bounds memory. */
export const MAX_PAGE_TEXT_CHARS = 100_000;

/**
 * Past this much text in the whole document, later pages are stored without text. A tiny PDF
 * can repeat one text-heavy page thousands of times; the search index does not need it all.
 */
export const MAX_TOTAL_TEXT_CHARS = 20_000_000;

/** Where pdfjs-dist keeps its CMaps and standard font data (file system paths ending in a separator). */
function pdfjsDataDirs(): { cMapUrl: string; standardFontDataUrl: string } {
  const root = dirname(createRequire(import.meta.url).resolve('pdfjs-dist/package.json'));
  return { cMapUrl: join(root, 'cmaps') + sep, standardFontDataUrl: join(root, 'standard_fonts') + sep };
}

/** Whether the end of the file lacks the `%%EOF` marker every complete PDF has. */
function looksTruncated(data: Uint8Array): boolean {
  const tail = Buffer.from(data.buffer, data.byteOffset, data.byteLength).subarray(-1024);
  return !tail.includes('%%EOF', 0, 'latin1');
}

/**
 * Reads a PDF with pdf.js: page count, encryption, and every page's text. Runs pdf.js in this
 * thread (its "fake worker" — in Node it never starts a thread of its own), so call it from the
 * inspection worker, not from the server's main thread. Scripting and font loading are off, and
 * pdf.js has no eval path: an uploaded PDF is untrusted. Throws IngestError for files the room
 * must refuse.
 */
export async function parsePdf(data: Uint8Array): Promise<PdfInspection> {
  if (data.byteLength === 0) throw IngestError.empty();
  const head = data.subarray(0, 1024);
  if (!hasPdfHeader(head)) throw IngestError.notPdf(describeContent(head), contentKindOf(head));
  const truncated = looksTruncated(data);
  // Before pdf.js inflates anything: a stream that expands past what a reader can hold is refused.
  checkPdfStreams(data);

  const pdfjs = await import('pdfjs-dist/legacy/build/pdf.mjs');
  const task = pdfjs.getDocument({
    // pdf.js takes ownership of (and may detach) the buffer it is given.
    data: data.byteLength === data.buffer.byteLength ? data : data.slice(),
    disableFontFace: true,
    useSystemFonts: false,
    // Recover what can be recovered from a damaged file instead of failing on the first error.
    stopAtErrors: false,
    enableXfa: false,
    verbosity: pdfjs.VerbosityLevel.ERRORS,
    ...pdfjsDataDirs(),
  });
  let doc: Awaited<typeof task.promise>;
  try {
    doc = await task.promise;
  } catch (err) {
    await task.destroy().catch(() => {});
    throw mapPdfjsError(err, truncated);
  }
  try {
    const pageCount = doc.numPages;
    if (pageCount < 1) throw IngestError.damaged('it has no pages');
    const { encrypted, metadataTitle } = await doc.getMetadata().then(
      (m) => {
        const info = m.info as { EncryptFilterName?: string | null; Title?: unknown };
        const infoTitle = typeof info.Title === 'string' ? tidyTitle(info.Title) : '';
        const xmpTitle = tidyTitle(m.metadata?.get('dc:title') ?? '');
        return { encrypted: info.EncryptFilterName != null, metadataTitle: infoTitle || xmpTitle || null };
      },
      () => ({ encrypted: false, metadataTitle: null }),
    );
    let heading: string | null = null;
    const pages: string[] = [];
    let totalChars = 0;
    for (let n = 1; n <= pageCount; n++) {
      let page: Awaited<ReturnType<typeof doc.getPage>>;
      try {
        page = await doc.getPage(n);
      } catch (err) {
        throw IngestError.damaged(
          truncated
            ? `page ${n} of ${pageCount} is missing; the file is cut off before its end (was the upload or download incomplete?)`
            : `page ${n} of ${pageCount} cannot be read (${errorMessage(err)})`,
        );
      }
      // The text is only for search: a page whose text cannot be extracted still counts.
      const text =
        totalChars >= MAX_TOTAL_TEXT_CHARS
          ? ''
          : await page.getTextContent().then(
              (c) => {
                if (n === 1) heading = firstHeading(sizedTextOf(c.items));
                return tidyPageText(joinTextItems(c.items));
              },
              () => '',
            );
      totalChars += text.length;
      pages.push(text);
      page.cleanup();
    }
    return { pageCount, encrypted, pages, title: { metadata: metadataTitle, heading } };
  } finally {
    // pdf.js 6: the loading task, not the document, is what is destroyed.
    await task.destroy().catch(() => {});
  }
}

/** Maps what pdf.js throws on opening to the message the secretariat sees. */
export function mapPdfjsError(err: unknown, truncated: boolean): IngestError {
  if (err instanceof IngestError) return err;
  const name = (err as { name?: unknown } | null)?.name;
  const message = errorMessage(err);
  if (name === 'PasswordException') return IngestError.passwordProtected();
  if (name === 'InvalidPDFException' && /empty|zero bytes/i.test(message)) return IngestError.empty();
  if (truncated) {
    return IngestError.damaged(
      'the file is cut off before its end (was the upload or download incomplete?); upload the complete file',
    );
  }
  if (name === 'InvalidPDFException') {
    return IngestError.damaged(`its internal structure cannot be read (${message})`);
  }
  return IngestError.damaged(`it cannot be read (${message})`);
}

function errorMessage(err: unknown): string {
  const m = err instanceof Error ? err.message : String(err);
  return m.replace(/\s+/g, ' ').trim().replace(/\.$/, '').slice(0, 200) || 'unknown error';
}

/** Text items with their font size (the text matrix's vertical scale), a line end as a space. */
function sizedTextOf(items: readonly (TextItem | TextMarkedContent)[]): SizedText[] {
  return items.flatMap((item) =>
    'str' in item
      ? [
          {
            text: item.str + (item.hasEOL ? ' ' : ''),
            size: Math.hypot(Number(item.transform[2]), Number(item.transform[3])),
          },
        ]
      : [],
  );
}

/**
 * Joins pdf.js text items into page text. pdf.js already inserts the spaces it infers from
 * glyph gaps and marks line ends with `hasEOL`; a jump to another line without that mark still
 * gets a newline, so words on two lines never run together.
 */
export function joinTextItems(items: readonly (TextItem | TextMarkedContent)[]): string {
  let out = '';
  let prev: TextItem | null = null;
  for (const item of items) {
    if (!('str' in item)) continue;
    if (
      prev &&
      !prev.hasEOL &&
      item.str.length > 0 &&
      out.length > 0 &&
      !/\s$/.test(out) &&
      !/^\s/.test(item.str) &&
      prev.dir !== 'ttb' &&
      item.dir !== 'ttb'
    ) {
      const dy = Math.abs(Number(item.transform[5]) - Number(prev.transform[5]));
      if (dy > Math.max(prev.height, item.height, 1) * 0.5) out += '\n';
    }
    out += item.str;
    if (item.hasEOL) out += '\n';
    prev = item;
  }
  return out;
}

/**
 * Control characters (a font without a Unicode map yields raw glyph codes; U+0002/U+0003 are
 * our snippet markers), C1 controls, soft hyphens, zero-width characters, private-use symbols
 * and the replacement character. Newlines (U+000A) stay.
 */
const JUNK_CHARACTERS =
  // biome-ignore lint/suspicious/noControlCharactersInRegex: removing control characters is the point
  /[\u0000-\u0009\u000B-\u001F\u007F-\u009F\u00AD\u200B-\u200D\u2060\uFEFF\uFFFD\uE000-\uF8FF]/g;

/**
 * Cleans extracted text for storage and search: NFKC (ligatures such as "ﬁ" become "fi",
 * Vietnamese letters precomposed, odd spaces plain), no control characters — a font without a
 * Unicode map yields raw glyph codes, and U+0002/U+0003 are our snippet markers — no private-use
 * symbols or zero-width characters, single spaces, at most one blank line in a row.
 */
export function tidyPageText(raw: string): string {
  let s = raw
    .replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '')
    .normalize('NFKC')
    .replace(/\r\n?|[\f\v\u2028\u2029\u0085]/g, '\n')
    .replace(/\t/g, ' ')
    .replace(JUNK_CHARACTERS, '')
    .replace(/ {2,}/g, ' ')
    .replace(/ *\n */g, '\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
  if (s.length > MAX_PAGE_TEXT_CHARS) {
    let end = MAX_PAGE_TEXT_CHARS;
    const code = s.charCodeAt(end - 1);
    if (code >= 0xd800 && code <= 0xdbff) end--;
    s = s.slice(0, end);
  }
  return s;
}
