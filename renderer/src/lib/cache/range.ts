/**
 * HTTP Range logic for resuming a blob download. Pure functions, no I/O: the download
 * manager asks "given what I have stored and what the server answered, what now?".
 */

/** The `Range` header to resume from `offset` stored bytes; null to ask for the whole file. */
export function rangeHeaderFor(offset: number): string | null {
  if (!Number.isSafeInteger(offset) || offset < 0) throw new RangeError(`bad resume offset ${offset}`);
  return offset === 0 ? null : `bytes=${offset}-`;
}

/** A parsed `Content-Range` header. `start`/`end` are null for `bytes *\/total` (416 answers). */
export interface ContentRange {
  readonly start: number | null;
  readonly end: number | null;
  readonly total: number | null;
}

/** Parses `bytes 100-199/1000`, `bytes 100-199/*` or `bytes *\/1000`; null when malformed. */
export function parseContentRange(header: string | null | undefined): ContentRange | null {
  if (!header) return null;
  const match = /^\s*bytes\s+(?:(\d+)-(\d+)|\*)\/(\d+|\*)\s*$/i.exec(header);
  if (!match) return null;
  const [, from, to, total] = match;
  const start = from === undefined ? null : Number(from);
  const end = to === undefined ? null : Number(to);
  const size = total === '*' || total === undefined ? null : Number(total);
  if (start !== null && end !== null && end < start) return null;
  return { start, end, total: size };
}

/** What to do with a blob answer. */
export type ResumeDecision =
  /** Stream the body and append it after the stored bytes. */
  | { readonly kind: 'append'; readonly from: number }
  /** The server sent the whole file: drop the partial copy and store the body from 0. */
  | { readonly kind: 'restart' }
  /** Everything is already stored (416 for a range starting at the end): verify and commit. */
  | { readonly kind: 'complete' }
  /** The partial copy cannot be right (416 past the end, or a range we did not ask for): drop it and ask again. */
  | { readonly kind: 'discard' }
  /** An answer that retrying will not fix (not found, not allowed): give up on this document. */
  | { readonly kind: 'fail'; readonly permanent: boolean; readonly status: number };

/** The parts of a blob answer the decision needs. */
export interface BlobAnswer {
  readonly status: number;
  readonly contentRange: string | null;
}

/**
 * Decides how to continue after asking for the blob from `offset` stored bytes (the Range
 * header was sent only when `offset > 0`), for a file of `expectedSize` bytes.
 */
export function decideResume(answer: BlobAnswer, offset: number, expectedSize: number): ResumeDecision {
  const { status } = answer;
  if (status === 200) return offset === 0 ? { kind: 'append', from: 0 } : { kind: 'restart' };
  if (status === 206) {
    const range = parseContentRange(answer.contentRange);
    if (range === null || range.start !== offset) return { kind: 'discard' };
    if (range.total !== null && range.total !== expectedSize)
      return { kind: 'fail', permanent: true, status };
    return { kind: 'append', from: offset };
  }
  if (status === 416) {
    const range = parseContentRange(answer.contentRange);
    const total = range?.total ?? null;
    if (offset > 0 && offset === expectedSize && (total === null || total === expectedSize)) {
      return { kind: 'complete' };
    }
    return { kind: 'discard' };
  }
  // 401/403/404 will not change by asking again; 408/429/5xx might.
  const permanent = status >= 400 && status < 500 && status !== 408 && status !== 429;
  return { kind: 'fail', permanent, status };
}
