import { createReadStream } from 'node:fs';
import type { FastifyReply, FastifyRequest } from 'fastify';

/** A single byte range, inclusive, as asked for by a `Range: bytes=…` header. */
export interface ByteRange {
  readonly start: number;
  readonly end: number;
}

/**
 * Parses a Range header against a file of `size` bytes. Returns null when the whole file
 * should be sent (no header, another unit, or several ranges — we only serve one),
 * 'unsatisfiable' for a range outside the file.
 */
export function parseRange(header: string | undefined, size: number): ByteRange | null | 'unsatisfiable' {
  if (!header) return null;
  const match = /^bytes=(\d*)-(\d*)$/.exec(header.trim());
  if (!match) return null;
  const [, from, to] = match;
  if (from === '' && to === '') return null;
  let start: number;
  let end: number;
  if (from === '') {
    // bytes=-N: the last N bytes.
    const suffix = Number(to);
    if (suffix === 0) return 'unsatisfiable';
    start = Math.max(0, size - suffix);
    end = size - 1;
  } else {
    start = Number(from);
    end = to === '' ? size - 1 : Math.min(Number(to), size - 1);
  }
  if (!Number.isSafeInteger(start) || !Number.isSafeInteger(end) || start >= size || start > end) {
    return 'unsatisfiable';
  }
  return { start, end };
}

/** Stored blobs never change: cacheable forever, privately (they are behind authorisation). */
export const BLOB_CACHE_CONTROL = 'private, max-age=31536000, immutable';

/** How a file is sent beyond its bytes. */
export interface ServeOptions {
  /** `Cache-Control` of the answer (default {@link BLOB_CACHE_CONTROL}). */
  readonly cacheControl?: string;
  /** Extra headers on every answer, 304 and 206 included. */
  readonly headers?: Readonly<Record<string, string>>;
}

/**
 * Sends a content-addressed file: its SHA-256 is the (strong) ETag, so it is resumable with
 * Range and If-Range and answers If-None-Match with 304. Stored blobs are cacheable forever
 * (privately: they are behind authorisation); other files say otherwise in `options`.
 */
export function serveBlob(
  req: FastifyRequest,
  reply: FastifyReply,
  source: { readonly path: string; readonly bytes: Buffer | null },
  sha256: string,
  size: number,
  options: ServeOptions = {},
) {
  const { path, bytes } = source;
  // Node's default read size: larger reads buffer more per client during a room-wide burst.
  const highWaterMark = 64 * 1024;
  const etag = `"${sha256}"`;
  reply.header('ETag', etag);
  reply.header('Cache-Control', options.cacheControl ?? BLOB_CACHE_CONTROL);
  for (const [name, value] of Object.entries(options.headers ?? {})) reply.header(name, value);
  reply.header('Accept-Ranges', 'bytes');
  reply.header('Content-Type', 'application/pdf');
  reply.header('X-Content-Type-Options', 'nosniff');
  const ifNoneMatch = req.headers['if-none-match'];
  if (ifNoneMatch?.split(',').some((t) => t.trim().replace(/^W\//, '') === etag)) {
    return reply.status(304).send();
  }
  // If-Range with another validator means "the file changed": send all of it.
  const ifRange = req.headers['if-range'];
  const range = ifRange && ifRange !== etag ? null : parseRange(req.headers.range, size);
  if (range === 'unsatisfiable') {
    reply.header('Content-Range', `bytes */${size}`);
    return reply.status(416).send();
  }
  if (range) {
    reply.header('Content-Range', `bytes ${range.start}-${range.end}/${size}`);
    reply.header('Content-Length', range.end - range.start + 1);
    reply.status(206);
    if (req.method === 'HEAD') return reply.send(null);
    return reply.send(
      bytes
        ? bytes.subarray(range.start, range.end + 1)
        : createReadStream(path, { ...range, highWaterMark }),
    );
  }
  reply.header('Content-Length', size);
  if (req.method === 'HEAD') return reply.send(null);
  return reply.send(bytes ?? createReadStream(path, { highWaterMark }));
}
