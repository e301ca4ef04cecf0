/**
 * A document's starting title, so an upload is not listed as "TAMReview" when the PDF says what
 * it is: the title in its metadata (the info dictionary's /Title, else XMP dc:title) when that
 * says more than the file name, else its first heading (the largest text on page 1), else the
 * file name. The secretariat can still edit it; a title sent with the upload wins over all three.
 */

/** What the PDF offers as its title (read by pdf-parse.ts in the inspection worker). */
export interface PdfTitleCandidates {
  /** /Title of the info dictionary, or XMP dc:title when that is missing. */
  readonly metadata: string | null;
  /** The largest text at the top of page 1, when it stands out from the rest of the page. */
  readonly heading: string | null;
}

/** A title never runs longer than the documents' title field allows. */
const MAX_TITLE_CHARS = 300;

/** Metadata titles that name nothing: what editors and converters write by default. */
const PLACEHOLDER =
  /^(untitled|no title|title|document|doc|presentation|book|slide|tài liệu|van ban|văn bản|microsoft word|pdf)\s*\d*$/iu;

/** An editor's prefix ("Microsoft Word - Tờ trình.docx"). */
const EDITOR_PREFIX = /^microsoft (word|excel|powerpoint)\s*-\s*/iu;

/** Ends like a file name: the "title" is the file name again. */
const FILE_EXTENSION = /\.(pdf|docx?|odt|rtf|txt|xlsx?|ods|pptx?|odp)$/iu;

/** NFC, one space between words, no control characters, trimmed. */
export function tidyTitle(text: string): string {
  return (
    text
      .normalize('NFC')
      // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters do not belong in a title
      .replace(/[\u0000-\u001F\u007F-\u009F\u200B-\u200D\uFEFF\uFFFD]/gu, ' ')
      .replace(/\s+/gu, ' ')
      .trim()
  );
}

/** For comparing a title with a file name: no case, no separators. */
function squash(text: string): string {
  return text
    .normalize('NFC')
    .toLocaleLowerCase('vi')
    .replace(/[\s_\-.]+/gu, '');
}

/**
 * The candidate as a title, or null when it carries nothing: empty, no letters, a placeholder
 * ("Untitled", "Document1"), a file name, or the same words as the uploaded file's name.
 */
export function meaningfulTitle(candidate: string | null | undefined, fileStem: string): string | null {
  if (!candidate) return null;
  const title = tidyTitle(candidate).replace(EDITOR_PREFIX, '');
  if (!/\p{L}.*\p{L}/u.test(title)) return null;
  if (PLACEHOLDER.test(title) || FILE_EXTENSION.test(title)) return null;
  if (squash(title) === squash(fileStem)) return null;
  return title.length > MAX_TITLE_CHARS ? `${title.slice(0, MAX_TITLE_CHARS - 1).trimEnd()}…` : title;
}

/** The starting title of an upload: metadata, then first heading, then `fallback` (from the file name). */
export function chooseDocumentTitle(
  candidates: PdfTitleCandidates | undefined,
  fileStem: string,
  fallback: string,
): string {
  return (
    meaningfulTitle(candidates?.metadata, fileStem) ??
    meaningfulTitle(candidates?.heading, fileStem) ??
    fallback
  );
}

/** A run of text on a page as pdf.js gives it, reduced to what finding the heading needs. */
export interface SizedText {
  readonly text: string;
  /** Font size in points (the text matrix's vertical scale). */
  readonly size: number;
}

/** Larger than the page's usual text by at least this factor to count as a heading. */
const HEADING_FACTOR = 1.15;

/**
 * The first heading of a page: the first run of text set in the largest size on it, when that
 * size stands out from the page's body text (the size most of its characters have). A page of
 * one size has no heading. Items come in reading order.
 */
export function firstHeading(items: readonly SizedText[]): string | null {
  const sized = items.filter((item) => item.text.trim() !== '' && item.size > 0);
  if (sized.length === 0) return null;
  const charsBySize = new Map<number, number>();
  for (const item of sized) {
    const key = Math.round(item.size * 10) / 10;
    charsBySize.set(key, (charsBySize.get(key) ?? 0) + item.text.trim().length);
  }
  const body = [...charsBySize.entries()].reduce((a, b) => (b[1] > a[1] ? b : a))[0];
  const largest = Math.max(...sized.map((item) => item.size));
  if (largest < body * HEADING_FACTOR) return null;
  const isHeading = (item: SizedText): boolean => item.size >= largest * 0.95;
  const start = items.findIndex((item) => item.text.trim() !== '' && isHeading(item));
  const parts: string[] = [];
  for (const item of items.slice(start)) {
    if (item.text.trim() === '') {
      parts.push(' ');
      continue;
    }
    if (!isHeading(item)) break;
    parts.push(item.text);
  }
  const heading = tidyTitle(parts.join(''));
  return heading === '' ? null : heading;
}
