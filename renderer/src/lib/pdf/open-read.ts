/**
 * How opening a document reads it from the device cache (a {@link PdfRangeSource}): whole, in
 * one read, up to {@link WHOLE_READ_MAX_BYTES}; beyond that only its first bytes, the rest in
 * parts of {@link RANGE_CHUNK_BYTES} as pdf.js asks for them.
 *
 * Why whole: pdf.js reads every page's object before it answers the open (it checks the last
 * page by walking the page tree), and in a file that is not linearized (most are not) those
 * objects lie all over it. The viewer-load benchmark's 52 MB, 500-page document took 507 reads
 * of 64 KiB (32 MB) or 53 reads of 1 MiB (all of it) before its first page, each a round trip
 * to the cache (IndexedDB's Blob, or Electron's IPC and a file read), seconds in all, where one
 * read of the whole file takes a fraction of that. It costs no memory in the end: pdf.js's range
 * stream is allocated at the document's full size, so its worker holds a whole copy either way
 * once every page was shown.
 */

/** A document read in parts (from the device cache) instead of held whole. */
export interface PdfRangeSource {
  /** The document's size in bytes. */
  readonly byteLength: number;
  /** Bytes `[begin, end)` of the document, in an array of their own (pdf.js may take it). */
  read(begin: number, end: number): Promise<Uint8Array>;
}

/** Documents up to this size are read whole when opened. */
export const WHOLE_READ_MAX_BYTES = 96 * 1024 * 1024;

/**
 * How much pdf.js asks for at a time from a larger document: a read costs a round trip
 * whatever its size, so fewer, larger reads (64 KiB took ten times as many for the same open).
 */
export const RANGE_CHUNK_BYTES = 1024 * 1024;

/** Read before pdf.js starts on a larger document: the header, and a linearized file's first page. */
export const INITIAL_RANGE_BYTES = 1024 * 1024;

/** The read an open starts with: the whole document, or its first bytes (the rest by ranges). */
export interface OpenRead {
  readonly whole: boolean;
  readonly bytes: Promise<Uint8Array>;
}

/** Starts the open's first read now (while pdf.js's worker starts); see the module comment. */
export function startOpenRead(source: PdfRangeSource): OpenRead {
  const whole = source.byteLength <= WHOLE_READ_MAX_BYTES;
  const bytes = source.read(0, whole ? source.byteLength : Math.min(INITIAL_RANGE_BYTES, source.byteLength));
  // Awaited later; a failure meanwhile must not count as unhandled.
  bytes.catch(() => undefined);
  return { whole, bytes };
}
