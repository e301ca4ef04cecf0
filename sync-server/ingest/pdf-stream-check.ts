/**
 * Refuses PDFs whose compressed streams expand to more than a reader can afford (decompression
 * bombs), before pdf.js — on the server or on any laptop — inflates them.
 *
 * Every stream is measured by decoding it with streaming decoders that keep no more than a
 * window or a row, so measuring a 1.5 GiB stream costs a few hundred KiB: the server's memory
 * does not depend on what the file claims. The walk finds streams the way pdf.js can reach
 * them, plus some: every `N G obj` in the file (not only those the cross-reference table names,
 * so a damaged table hides nothing), streams inside object streams, inline images inside any
 * stream that pdf.js could parse as page content, and — for an encrypted PDF opened with the
 * empty password — both the decrypted and the raw bytes of each stream (pdf.js decrypts some
 * streams and not others; the larger result counts).
 *
 * What is not measured: image codecs' own output (JPEG, JPEG 2000, JBIG2, CCITT), which is
 * bounded by the image's dimensions rather than by a ratio; their compressed input is measured.
 */
import { IngestError } from './ingest-error';
import { emptyPasswordKey, type StreamKey, decryptingSource } from './pdf-crypt';
import {
  type ByteSource,
  DecodedTooLarge,
  decodeChain,
  type FilterSpec,
  type PredictorParams,
  SliceSource,
} from './pdf-decoders';
import {
  asInt,
  asName,
  bytesAt,
  EOF,
  isPdfRegular,
  isPdfWhitespace,
  type ParseBudget,
  ParseBudgetExceeded,
  PdfCmd,
  PdfDict,
  PdfName,
  PdfParser,
  PdfRef,
  PdfString,
  type PdfValue,
} from './pdf-objects';

/** How far streams may expand. */
export interface StreamLimits {
  /** One stream (or inline image) may decode to at most this many bytes. */
  readonly maxStreamBytes: number;
  /** All streams together may decode to at most the larger of this … */
  readonly minTotalBytes: number;
  /** … and this many times the file's size. */
  readonly maxTotalRatio: number;
}

/**
 * 256 MiB for one stream: an uncompressed A3 colour scan at 600 dpi is about 200 MB, and pdf.js
 * holds a decoded stream whole (plus a copy while its buffer grows). In all, 1 GiB or 100 times
 * the file, whichever is more: a 100-page greyscale scan stored with Flate is about 870 MB.
 */
export const DEFAULT_STREAM_LIMITS: StreamLimits = {
  maxStreamBytes: 256 * 1024 * 1024,
  minTotalBytes: 1024 * 1024 * 1024,
  maxTotalRatio: 100,
};

/** What the walk found, for tests and logs. */
export interface StreamReport {
  /** Streams and inline images measured (an encrypted one once, however many ways it was decoded). */
  readonly streams: number;
  /** Their decoded bytes together (the larger variant of each). */
  readonly decodedBytes: number;
  /** The largest single stream. */
  readonly largestStream: number;
  /** The document is encrypted and opened with the empty password. */
  readonly decrypted: boolean;
}

/** Object streams (pdf.js follows them at any depth) nested deeper than this are refused: no writer nests them. */
const MAX_OBJSTM_DEPTH = 4;

/**
 * An object stream is read into memory to find what is inside; no writer makes them larger than
 * a few MB, so one past this is refused rather than held (nested ones would add up).
 */
const MAX_OBJSTM_BYTES = 64 * 1024 * 1024;

/** A stream found in the file: its dictionary and where its data may lie. */
interface FoundStream {
  readonly dict: PdfDict;
  /** Object number and generation, for decryption; null inside an object stream. */
  readonly num: number | null;
  readonly gen: number;
  readonly data: Uint8Array;
  /** Where the data starts (after `stream` and its end of line). */
  readonly start: number;
  /** How far a stream's data may reach: the end of the file or of its object-stream slot. */
  readonly limit: number;
}

/**
 * Walks every stream of `data` and throws IngestError (invalid_document) when one expands past
 * `maxStreamBytes`, when all together pass the total limit, or when the file's structure is built
 * to make the walk itself too slow. Returns what it measured.
 */
export function checkPdfStreams(
  data: Uint8Array,
  limits: StreamLimits = DEFAULT_STREAM_LIMITS,
): StreamReport {
  try {
    return new StreamWalk(data, limits).run();
  } catch (err) {
    if (err instanceof ParseBudgetExceeded) {
      throw IngestError.tooComplex();
    }
    throw err;
  }
}

class StreamWalk {
  readonly #budget: ParseBudget;
  readonly #totalLimit: number;
  /** Top-level objects: number → positions just after each `N G obj` for it. */
  readonly #objects = new Map<number, number[]>();
  /** Objects read from object streams: number → their values. */
  readonly #members = new Map<number, PdfValue[]>();
  readonly #valueCache = new Map<number, PdfValue[]>();
  #keys: StreamKey[] = [];
  #streams = 0;
  #total = 0;
  #largest = 0;

  constructor(
    private readonly data: Uint8Array,
    private readonly limits: StreamLimits,
  ) {
    // Reading object syntax costs at most a few times the file: legitimate files stay far below.
    this.#budget = { remaining: 16 * data.length + 64 * 1024 * 1024 };
    this.#totalLimit = Math.max(limits.minTotalBytes, limits.maxTotalRatio * data.length);
  }

  run(): StreamReport {
    const found = this.#findStreams();
    this.#keys = this.#findKeys(found);
    // Object streams first: what they hold may be the /Length of other streams.
    const isObjStm = (s: FoundStream): boolean =>
      s.dict.get('N') !== undefined && s.dict.get('First') !== undefined;
    for (const s of found.filter(isObjStm)) this.#measureStream(s, 0);
    for (const s of found.filter((s) => !isObjStm(s))) this.#measureStream(s, 0);
    return {
      streams: this.#streams,
      decodedBytes: this.#total,
      largestStream: this.#largest,
      decrypted: this.#keys.length > 0,
    };
  }

  // --- finding objects and streams ---------------------------------------------------------

  /** Every `N G obj` header in the file, indexed; the ones whose value is a stream, returned. */
  #findStreams(): FoundStream[] {
    const d = this.data;
    const buf = Buffer.from(d.buffer, d.byteOffset, d.byteLength);
    const streams: FoundStream[] = [];
    for (let at = buf.indexOf('obj'); at >= 0; at = buf.indexOf('obj', at + 3)) {
      const after = at + 3;
      if (after < d.length && isPdfRegular(d[after]!)) continue;
      const header = objectHeaderBefore(d, at);
      if (!header) continue;
      const list = this.#objects.get(header.num);
      if (list) list.push(after);
      else this.#objects.set(header.num, [after]);
      const parser = new PdfParser(d, after, d.length, this.#budget);
      const value = parser.value();
      if (!(value instanceof PdfDict) || !parser.keyword('stream')) continue;
      streams.push({
        dict: value,
        num: header.num,
        gen: header.gen,
        data: d,
        start: skipToNextLine(d, parser.pos, d.length),
        limit: d.length,
      });
    }
    return streams;
  }

  /** The values an object number may have (every definition of it: the largest /Length wins). */
  #valuesOf(num: number): PdfValue[] {
    const cached = this.#valueCache.get(num);
    if (cached) return cached;
    const values: PdfValue[] = [...(this.#members.get(num) ?? [])];
    for (const at of this.#objects.get(num) ?? []) {
      const v = new PdfParser(this.data, at, this.data.length, this.#budget).value();
      if (v !== EOF) values.push(v);
    }
    // Object streams are read before the streams that may need their members.
    this.#valueCache.set(num, values);
    return values;
  }

  /** A direct value, or the last definition of a referenced one. */
  readonly #resolve = (v: PdfValue | undefined, depth = 0): PdfValue | undefined => {
    if (!(v instanceof PdfRef) || depth > 8) return v;
    return this.#resolve(this.#valuesOf(v.num).at(-1), depth + 1);
  };

  /** Every integer a value may resolve to (a reference may be defined more than once). */
  #integers(v: PdfValue | undefined): number[] {
    if (v instanceof PdfRef) return this.#valuesOf(v.num).flatMap((x) => (typeof x === 'number' ? [x] : []));
    return typeof v === 'number' ? [v] : [];
  }

  // --- encryption --------------------------------------------------------------------------

  /** Keys that open the document with the empty password, from every trailer and xref stream. */
  #findKeys(streams: FoundStream[]): StreamKey[] {
    const d = this.data;
    const trailers: PdfDict[] = streams
      .filter((s) => asName(s.dict.get('Type')) === 'XRef')
      .map((s) => s.dict);
    const buf = Buffer.from(d.buffer, d.byteOffset, d.byteLength);
    for (let at = buf.indexOf('trailer'); at >= 0; at = buf.indexOf('trailer', at + 7)) {
      const v = new PdfParser(d, at + 7, d.length, this.#budget).value();
      if (v instanceof PdfDict) trailers.push(v);
    }
    const encrypts = trailers.map((t) => this.#resolve(t.get('Encrypt'))).filter((e) => e instanceof PdfDict);
    if (encrypts.length === 0) return [];
    const ids = trailers.flatMap((t) => {
      const id = this.#resolve(t.get('ID'));
      const first = Array.isArray(id) ? this.#resolve(id[0]) : undefined;
      return first instanceof PdfString ? [first.bytes] : [];
    });
    if (ids.length === 0) ids.push(new Uint8Array(0));
    const keys = new Map<string, StreamKey>();
    for (const e of new Set(encrypts)) {
      for (const id of ids) {
        const key = emptyPasswordKey(e, id, this.#resolve);
        if (key) keys.set(`${key.method}:${Buffer.from(key.fileKey).toString('hex')}`, key);
      }
    }
    return [...keys.values()];
  }

  // --- measuring -----------------------------------------------------------------------------

  #measureStream(s: FoundStream, depth: number): void {
    const end = this.#dataEnd(s);
    if (end === null) return;
    const filters = this.#filters(s.dict);
    const objStm = this.#objStmShape(s.dict);
    if (objStm && depth >= MAX_OBJSTM_DEPTH) throw new ParseBudgetExceeded();
    const variants: (() => ByteSource)[] = [() => new SliceSource(s.data, s.start, end)];
    if (s.num !== null) {
      for (const key of this.#keys) {
        const { num, gen } = s;
        variants.push(() => decryptingSource(new SliceSource(s.data, s.start, end), key, num, gen));
      }
    }
    let size = 0;
    for (const make of variants) {
      size = Math.max(size, this.#measure(make, filters, { content: true, objStm, depth }));
    }
    this.#count(size);
  }

  /** Adds one measured stream to the totals; refuses past the total limit. */
  #count(size: number): void {
    this.#streams++;
    this.#total += size;
    this.#largest = Math.max(this.#largest, size);
    if (this.#total > this.#totalLimit) {
      throw IngestError.streamsTooLarge(this.#totalLimit, this.limits.maxTotalRatio);
    }
  }

  /**
   * Decodes one variant of a stream and returns its size. When its output may hold inline
   * images (or it is an object stream), decodes it a second time into memory — its size is known
   * to be within the limit by then — and measures what is inside.
   */
  #measure(
    make: () => ByteSource,
    filters: readonly FilterSpec[],
    opts: { content: boolean; objStm: { n: number; first: number } | null; depth: number },
  ): number {
    const max = this.limits.maxStreamBytes;
    const chain = decodeChain(make(), filters, max);
    const detector = opts.content && !chain.image ? new InlineImageDetector() : null;
    let size = 0;
    try {
      for (let c = chain.source.read(); c; c = chain.source.read()) {
        size += c.length;
        if (size > max) throw IngestError.streamTooLarge(max);
        detector?.feed(c);
      }
    } catch (err) {
      if (err instanceof DecodedTooLarge) throw IngestError.streamTooLarge(max);
      throw err;
    }
    if (size === 0 || (!detector?.found && !opts.objStm)) return size;
    if (opts.objStm && size > MAX_OBJSTM_BYTES) throw IngestError.streamTooLarge(MAX_OBJSTM_BYTES);
    const all = new Uint8Array(size);
    let at = 0;
    const again = decodeChain(make(), filters, max).source;
    for (let c = again.read(); c && at < size; c = again.read()) {
      const take = Math.min(c.length, size - at);
      all.set(c.subarray(0, take), at);
      at += take;
    }
    if (detector?.found) this.#inlineImages(all);
    if (opts.objStm) this.#objectStream(all, opts.objStm, opts.depth);
    return size;
  }

  /** Measures every inline image (`BI … ID data`) of decoded content that a filter expands. */
  #inlineImages(content: Uint8Array): void {
    const buf = Buffer.from(content.buffer, content.byteOffset, content.byteLength);
    for (let at = buf.indexOf('BI'); at >= 0; at = buf.indexOf('BI', at + 2)) {
      if (!isInlineImageStart(content, at)) continue;
      const parser = new PdfParser(content, at + 2, content.length, this.#budget);
      const dict = new PdfDict();
      let dataStart = -1;
      for (;;) {
        parser.skipSpace();
        const tokenStart = parser.pos;
        const key = parser.token();
        // In content, pdf.js ends a keyword where it stops being a known operator ("IDx" is
        // ID, then x), and has read one byte past `ID` (the white space) when the data starts.
        if (key instanceof PdfCmd && key.cmd.startsWith('ID')) {
          dataStart = tokenStart + 3;
          break;
        }
        if (!(key instanceof PdfName)) break;
        const v = parser.value();
        if (v === EOF) break;
        dict.map.set(key.name, v);
      }
      if (dataStart < 0 || dataStart > content.length) continue;
      const filters = this.#filters(dict);
      const chain = decodeChain(new SliceSource(content, dataStart), filters, this.limits.maxStreamBytes);
      // Unfiltered image data is part of the content and was counted with it.
      if (!chain.expands) continue;
      const size = this.#measure(() => new SliceSource(content, dataStart), filters, {
        content: false,
        objStm: null,
        depth: MAX_OBJSTM_DEPTH,
      });
      this.#count(size);
    }
  }

  /** Reads an object stream's members: their values (for references) and any streams among them. */
  #objectStream(content: Uint8Array, shape: { n: number; first: number }, depth: number): void {
    const header = new PdfParser(content, 0, content.length, this.#budget);
    const nums: number[] = [];
    const offsets: number[] = [];
    for (let i = 0; i < shape.n; i++) {
      const num = header.value();
      const offset = header.value();
      if (typeof num !== 'number' || typeof offset !== 'number' || !Number.isInteger(num + offset)) return;
      nums.push(num);
      offsets.push(offset);
    }
    for (let i = 0; i < nums.length; i++) {
      const start = shape.first + offsets[i]!;
      const end = i < nums.length - 1 ? shape.first + offsets[i + 1]! : content.length;
      if (end < start) return;
      if (start < 0 || start >= content.length) continue;
      const limit = Math.min(end, content.length);
      const parser = new PdfParser(content, start, limit, this.#budget);
      const value = parser.value();
      if (value === EOF) continue;
      const list = this.#members.get(nums[i]!);
      if (list) list.push(value);
      else this.#members.set(nums[i]!, [value]);
      this.#valueCache.delete(nums[i]!);
      if (value instanceof PdfDict && parser.keyword('stream')) {
        // A stream inside an object stream: pdf.js reads it (not decrypted: the object stream was).
        this.#measureStream(
          {
            dict: value,
            num: null,
            gen: 0,
            data: content,
            start: skipToNextLine(content, parser.pos, limit),
            limit,
          },
          depth + 1,
        );
      }
    }
  }

  /** pdf.js reads an object stream when /N and /First are integers; null when this is not one. */
  #objStmShape(dict: PdfDict): { n: number; first: number } | null {
    const n = asInt(this.#resolve(dict.get('N')));
    const first = asInt(this.#resolve(dict.get('First')));
    if (n === undefined || first === undefined || n < 0 || n > 1_000_000) return null;
    return { n, first };
  }

  /**
   * Where a stream's data ends, as far as pdf.js may read it: at /Length when `endstream`
   * follows there, or at the first `endstream` — the later of the two, so a fake `endstream`
   * inside the data cannot shorten what is measured. Null when pdf.js finds no end (no stream).
   */
  #dataEnd(s: FoundStream): number | null {
    const ends: number[] = [];
    for (const length of this.#integers(s.dict.get('Length'))) {
      const end = s.start + length;
      if (length >= 0 && end <= s.limit && endstreamAt(s.data, end, s.limit)) ends.push(end);
    }
    const searched = findEndstream(s.data, s.start, s.limit);
    if (searched >= 0) ends.push(searched);
    return ends.length > 0 ? Math.max(...ends) : null;
  }

  /** The stream's filter chain as pdf.js builds it (/F before /Filter, /DP before /DecodeParms). */
  #filters(dict: PdfDict): FilterSpec[] {
    const filter = this.#resolve(dict.get('F', 'Filter'));
    const params = this.#resolve(dict.get('DP', 'DecodeParms'));
    if (filter instanceof PdfName) return [this.#spec(filter.name, params)];
    if (!Array.isArray(filter)) return [];
    const specs: FilterSpec[] = [];
    for (let i = 0; i < filter.length; i++) {
      const name = this.#resolve(filter[i]);
      // pdf.js stops at a filter that is not a name (and reads nothing).
      if (!(name instanceof PdfName)) return specs;
      specs.push(this.#spec(name.name, Array.isArray(params) ? this.#resolve(params[i]) : undefined));
    }
    return specs;
  }

  #spec(name: string, params: PdfValue | undefined): FilterSpec {
    if (!(params instanceof PdfDict)) return { name };
    const int = (key: string, ...more: string[]): number | undefined =>
      asInt(this.#resolve(params.get(key, ...more)));
    const predictor = int('Predictor') || 1;
    const earlyChange = params.get('EarlyChange') === undefined ? undefined : (int('EarlyChange') ?? 0);
    let p: PredictorParams | undefined;
    // Any other predictor makes pdf.js read nothing; measuring without it only measures more.
    if (predictor === 2 || (predictor >= 10 && predictor <= 15)) {
      p = {
        predictor,
        colors: int('Colors') || 1,
        bits: int('BPC', 'BitsPerComponent') || 8,
        columns: int('Columns') || 1,
      };
    }
    return { name, ...(p ? { predictor: p } : {}), ...(earlyChange === undefined ? {} : { earlyChange }) };
  }
}

/** `N G` before an `obj` keyword at `at`, or null. */
function objectHeaderBefore(d: Uint8Array, at: number): { num: number; gen: number } | null {
  let p = at - 1;
  while (p >= 0 && isPdfWhitespace(d[p]!)) p--;
  const genEnd = p + 1;
  while (p >= 0 && d[p]! >= 0x30 && d[p]! <= 0x39) p--;
  const genStart = p + 1;
  if (genStart === genEnd || genEnd === at) return null;
  const ws = p;
  while (p >= 0 && isPdfWhitespace(d[p]!)) p--;
  if (p === ws) return null;
  const numEnd = p + 1;
  while (p >= 0 && d[p]! >= 0x30 && d[p]! <= 0x39) p--;
  const numStart = p + 1;
  if (numStart === numEnd || numEnd - numStart > 10 || genEnd - genStart > 10) return null;
  if (p >= 0 && isPdfRegular(d[p]!)) return null;
  const num = Number(Buffer.from(d.subarray(numStart, numEnd)).toString('latin1'));
  const gen = Number(Buffer.from(d.subarray(genStart, genEnd)).toString('latin1'));
  return { num, gen };
}

/** pdf.js's Lexer.skipToNextLine from `pos` (the byte after `stream`). */
function skipToNextLine(d: Uint8Array, pos: number, end: number): number {
  let p = pos;
  while (p < end) {
    const c = d[p]!;
    if (c === 0x0d) return d[p + 1] === 0x0a ? p + 2 : p + 1;
    if (c === 0x0a) return p + 1;
    p++;
  }
  return p;
}

/** Whether the next token from `pos` (after white space and comments) is `endstream`. */
function endstreamAt(d: Uint8Array, pos: number, end: number): boolean {
  const parser = new PdfParser(d, pos, end);
  parser.skipSpace();
  const p = parser.pos;
  return bytesAt(d, p, 'endstream') && (p + 9 >= end || !isPdfRegular(d[p + 9]!));
}

/** Where each buffer's `endstream` keywords are, found once: many streams without one must not mean many scans. */
const endstreamIndex = new WeakMap<Uint8Array, number[]>();

/** pdf.js's #findStreamLength: the first `endstream` (or a misspelling it accepts) after `start`. */
function findEndstream(d: Uint8Array, start: number, end: number): number {
  let positions = endstreamIndex.get(d);
  if (!positions) {
    positions = [];
    const buf = Buffer.from(d.buffer, d.byteOffset, d.byteLength);
    for (let p = buf.indexOf('end'); p >= 0; p = buf.indexOf('end', p + 1)) {
      if (
        bytesAt(d, p + 3, 'stream') ||
        ((bytesAt(d, p + 3, 'steam') || bytesAt(d, p + 3, 'strea')) && isAsciiSpace(d[p + 8] ?? 0))
      ) {
        positions.push(p);
      }
    }
    endstreamIndex.set(d, positions);
  }
  // The first at or after `start` (binary search), if pdf.js would see it before `end`.
  let lo = 0;
  let hi = positions.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (positions[mid]! < start) lo = mid + 1;
    else hi = mid;
  }
  const p = positions[lo];
  return p !== undefined && p + 9 < end ? p : -1;
}

const isAsciiSpace = (c: number): boolean => c === 0x20 || c === 0x09 || c === 0x0d || c === 0x0a;

/**
 * Whether `BI` at `at` can start an inline image with a dictionary: followed by a key or a
 * comment. Whatever comes before it: pdf.js splits "QBI" into Q and BI in page content.
 */
function isInlineImageStart(d: Uint8Array, at: number): boolean {
  let p = at + 2;
  while (p < d.length && isPdfWhitespace(d[p]!)) p++;
  return p >= d.length || d[p] === 0x2f || d[p] === 0x25;
}

/**
 * Notices, chunk by chunk, whether decoded output may contain an inline image, so that only
 * such streams are decoded a second time and searched. Errs on the side of yes at chunk edges.
 */
class InlineImageDetector {
  found = false;
  #lastByte = -1;
  feed(chunk: Uint8Array): void {
    if (this.found) return;
    const buf = Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    if (this.#lastByte === 0x42 && chunk[0] === 0x49) this.found = true;
    for (let at = buf.indexOf('BI'); at >= 0 && !this.found; at = buf.indexOf('BI', at + 2)) {
      if (isInlineImageStart(chunk, at)) this.found = true;
    }
    this.#lastByte = chunk.length > 0 ? chunk[chunk.length - 1]! : this.#lastByte;
  }
}
