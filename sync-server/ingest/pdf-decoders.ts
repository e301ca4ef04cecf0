/**
 * Streaming decoders for PDF stream filters, used to measure what a stream expands to without
 * ever holding its decoded bytes: each decoder hands out its output a chunk at a time and keeps
 * only what it needs to go on (Flate its 32 KiB window, a predictor one row). They follow
 * pdf.js's own decoders (src/core/flate_stream.js, lzw_stream.js, …) on malformed input — a
 * back-reference before the start of the data reads zeros, an incomplete Huffman code set is
 * used as it is, a decoding error ends the output — because what matters is how much pdf.js,
 * on the server and on every laptop, would produce from the same bytes; Node's zlib gives up
 * earlier on some streams pdf.js reads on through.
 */
import { brotliDecompressSync, constants as zlibConstants } from 'node:zlib';

/** Pull-based decoded bytes. */
export interface ByteSource {
  /**
   * The next piece of output (never empty), or null at the end. The array is only valid until
   * the next call: decoders reuse their buffers.
   */
  read(): Uint8Array | null;
}

/** Thrown when a stream's output passes the limit it was given while being decoded in one piece. */
export class DecodedTooLarge extends Error {
  constructor() {
    super('decoded output over the limit');
  }
}

/** Output handed out per read. */
export const CHUNK_BYTES = 64 * 1024;

const EMPTY = new Uint8Array(0);

/** A slice of bytes already in memory. */
export class SliceSource implements ByteSource {
  #pos: number;
  constructor(
    private readonly data: Uint8Array,
    start = 0,
    private readonly end = data.length,
  ) {
    this.#pos = start;
  }
  read(): Uint8Array | null {
    if (this.#pos >= this.end) return null;
    const n = Math.min(16 * CHUNK_BYTES, this.end - this.#pos);
    const chunk = this.data.subarray(this.#pos, this.#pos + n);
    this.#pos += n;
    return chunk;
  }
}

/** Reads a source byte by byte (the decoders' input). */
export class ByteReader {
  #buf: Uint8Array = EMPTY;
  #pos = 0;
  constructor(private readonly source: ByteSource) {}

  getByte(): number {
    if (this.#pos < this.#buf.length) return this.#buf[this.#pos++]!;
    for (;;) {
      const next = this.source.read();
      if (!next) {
        this.#buf = EMPTY;
        this.#pos = 0;
        return -1;
      }
      if (next.length > 0) {
        this.#buf = next;
        this.#pos = 1;
        return next[0]!;
      }
    }
  }

  /** Copies up to `n` bytes into `into` at `at`; returns how many there were. */
  getBytes(into: Uint8Array, at: number, n: number): number {
    let done = 0;
    while (done < n) {
      if (this.#pos >= this.#buf.length) {
        const b = this.getByte();
        if (b < 0) break;
        into[at + done++] = b;
        continue;
      }
      const take = Math.min(n - done, this.#buf.length - this.#pos);
      into.set(this.#buf.subarray(this.#pos, this.#pos + take), at + done);
      this.#pos += take;
      done += take;
    }
    return done;
  }
}

/** An output buffer that decoders fill up to about CHUNK_BYTES per read. */
class Output {
  buf = new Uint8Array(CHUNK_BYTES + 1024);
  len = 0;
  ensure(extra: number): Uint8Array {
    if (this.len + extra > this.buf.length) {
      const bigger = new Uint8Array(Math.max(this.buf.length * 2, this.len + extra));
      bigger.set(this.buf.subarray(0, this.len));
      this.buf = bigger;
    }
    return this.buf;
  }
  push(b: number): void {
    if (this.len >= this.buf.length) this.ensure(1);
    this.buf[this.len++] = b;
  }
}

/** A decoder that fills an Output block by block until it has a chunk or the data ends. */
abstract class BlockDecoder implements ByteSource {
  protected readonly input: ByteReader;
  protected readonly out = new Output();
  protected eof = false;
  constructor(source: ByteSource) {
    this.input = new ByteReader(source);
  }
  read(): Uint8Array | null {
    this.out.len = 0;
    try {
      while (!this.eof && this.out.len < CHUNK_BYTES) this.readBlock();
    } catch {
      // Like pdf.js: a decoding error ends the stream; what came before it stands.
      this.eof = true;
    }
    return this.out.len > 0 ? this.out.buf.subarray(0, this.out.len) : null;
  }
  protected abstract readBlock(): void;
}

// --- Flate (RFC 1950/1951), as pdf.js's FlateStream reads it ---------------------------------

type HuffmanTable = readonly [codes: Int32Array, maxLen: number];

const CODE_LENGTH_ORDER = [16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1, 15];
// (extra bits << 16) | base; codes 286 and 287 decode as 258, as in pdf.js.
const LENGTH_DECODE = Int32Array.from([
  0x00003, 0x00004, 0x00005, 0x00006, 0x00007, 0x00008, 0x00009, 0x0000a, 0x1000b, 0x1000d, 0x1000f, 0x10011,
  0x20013, 0x20017, 0x2001b, 0x2001f, 0x30023, 0x3002b, 0x30033, 0x3003b, 0x40043, 0x40053, 0x40063, 0x40073,
  0x50083, 0x500a3, 0x500c3, 0x500e3, 0x00102, 0x00102, 0x00102,
]);
const DIST_DECODE = Int32Array.from([
  0x00001, 0x00002, 0x00003, 0x00004, 0x10005, 0x10007, 0x20009, 0x2000d, 0x30011, 0x30019, 0x40021, 0x40031,
  0x50041, 0x50061, 0x60081, 0x600c1, 0x70101, 0x70181, 0x80201, 0x80301, 0x90401, 0x90601, 0xa0801, 0xa0c01,
  0xb1001, 0xb1801, 0xc2001, 0xc3001, 0xd4001, 0xd6001,
]);

/**
 * pdf.js's generateHuffmanTable: no check that the code set is complete or not oversubscribed.
 * Fills `into` (at least 1 << the longest length entries) when given one, instead of allocating.
 */
function huffmanTable(lengths: ArrayLike<number>, into?: Int32Array): HuffmanTable {
  const n = lengths.length;
  let maxLen = 0;
  for (let i = 0; i < n; i++) if (lengths[i]! > maxLen) maxLen = lengths[i]!;
  const size = 1 << maxLen;
  const codes = into ? into.fill(0, 0, size) : new Int32Array(size);
  for (let len = 1, code = 0, skip = 2; len <= maxLen; ++len, code <<= 1, skip <<= 1) {
    for (let val = 0; val < n; ++val) {
      if (lengths[val] === len) {
        let reversed = 0;
        let t = code;
        for (let i = 0; i < len; ++i) {
          reversed = (reversed << 1) | (t & 1);
          t >>= 1;
        }
        for (let i = reversed; i < size; i += skip) codes[i] = (len << 16) | val;
        ++code;
      }
    }
  }
  return [codes, maxLen];
}

const FIXED_LIT = huffmanTable(
  Array.from({ length: 288 }, (_, i) => (i < 144 ? 8 : i < 256 ? 9 : i < 280 ? 7 : 8)),
);
const FIXED_DIST = huffmanTable(new Array<number>(30).fill(5));

/** The sliding window: 32 KiB of history before the chunk being written. */
const WINDOW = 32 * 1024;

class FlateError extends Error {}

/** A Flate decoder's buffers: its window and its Huffman tables (up to 15-bit codes). */
interface FlateBuffers {
  readonly win: Uint8Array;
  readonly lit: Int32Array;
  readonly dist: Int32Array;
  readonly codeLen: Int32Array;
}

/**
 * Buffers of finished Flate decoders, reused: a PDF has hundreds of small streams, each with a
 * new Huffman table per block, and allocating ~300 KiB for each costs more than decoding it.
 */
const spareBuffers: FlateBuffers[] = [];
const newBuffers = (): FlateBuffers => ({
  win: new Uint8Array(WINDOW + CHUNK_BYTES + 512),
  lit: new Int32Array(1 << 15),
  dist: new Int32Array(1 << 15),
  codeLen: new Int32Array(1 << 7),
});

export class FlateSource implements ByteSource {
  readonly #in: ByteReader;
  // Stale bytes from an earlier stream are never read: only what this stream wrote is behind #pos.
  #buffers: FlateBuffers | null = spareBuffers.pop() ?? newBuffers();
  #win: Uint8Array = this.#buffers!.win;
  /** Write position in #win. */
  #pos = 0;
  /** Bytes produced before #win[0]. */
  #base = 0;
  #codeBuf = 0;
  #codeSize = 0;
  #state: 'header' | 'block' | 'stored' | 'huffman' | 'end' = 'header';
  #lastBlock = false;
  #storedLeft = 0;
  #lit: HuffmanTable = FIXED_LIT;
  #dist: HuffmanTable = FIXED_DIST;

  constructor(source: ByteSource) {
    this.#in = new ByteReader(source);
  }

  read(): Uint8Array | null {
    if (this.#pos > WINDOW) {
      this.#win.copyWithin(0, this.#pos - WINDOW, this.#pos);
      this.#base += this.#pos - WINDOW;
      this.#pos = WINDOW;
    }
    const start = this.#pos;
    const limit = start + CHUNK_BYTES;
    try {
      while (this.#pos < limit && this.#state !== 'end') {
        switch (this.#state) {
          case 'header':
            this.#header();
            break;
          case 'block':
            this.#blockHeader();
            break;
          case 'stored':
            this.#stored(limit);
            break;
          case 'huffman':
            this.#huffman(limit);
            break;
        }
      }
    } catch (err) {
      if (!(err instanceof FlateError)) throw err;
      this.#state = 'end';
    }
    if (this.#pos > start) return this.#win.subarray(start, this.#pos);
    if (this.#buffers && spareBuffers.length < 4) spareBuffers.push(this.#buffers);
    this.#buffers = null;
    this.#win = new Uint8Array(0);
    return null;
  }

  #header(): void {
    const cmf = this.#in.getByte();
    const flg = this.#in.getByte();
    // pdf.js refuses these streams outright: it decodes nothing from them.
    if (cmf === -1 || flg === -1 || (cmf & 0x0f) !== 0x08 || ((cmf << 8) + flg) % 31 !== 0 || flg & 0x20) {
      this.#state = 'end';
      return;
    }
    this.#state = 'block';
  }

  #getBits(bits: number): number {
    let codeBuf = this.#codeBuf;
    let codeSize = this.#codeSize;
    while (codeSize < bits) {
      const b = this.#in.getByte();
      if (b === -1) throw new FlateError('bad encoding');
      codeBuf |= b << codeSize;
      codeSize += 8;
    }
    const v = codeBuf & ((1 << bits) - 1);
    this.#codeBuf = codeBuf >> bits;
    this.#codeSize = codeSize - bits;
    return v;
  }

  #getCode(table: HuffmanTable): number {
    const [codes, maxLen] = table;
    let codeBuf = this.#codeBuf;
    let codeSize = this.#codeSize;
    while (codeSize < maxLen) {
      const b = this.#in.getByte();
      if (b === -1) break;
      codeBuf |= b << codeSize;
      codeSize += 8;
    }
    const code = codes[codeBuf & ((1 << maxLen) - 1)]!;
    const codeLen = code >> 16;
    if (codeLen < 1 || codeSize < codeLen) throw new FlateError('bad encoding');
    this.#codeBuf = codeBuf >> codeLen;
    this.#codeSize = codeSize - codeLen;
    return code & 0xffff;
  }

  #blockHeader(): void {
    if (this.#lastBlock) {
      this.#state = 'end';
      return;
    }
    let hdr: number;
    try {
      hdr = this.#getBits(3);
    } catch {
      this.#state = 'end';
      return;
    }
    if (hdr & 1) this.#lastBlock = true;
    hdr >>= 1;
    if (hdr === 0) {
      const b = [this.#in.getByte(), this.#in.getByte(), this.#in.getByte(), this.#in.getByte()];
      if (b.includes(-1)) {
        this.#state = 'end';
        return;
      }
      const len = b[0]! | (b[1]! << 8);
      const check = b[2]! | (b[3]! << 8);
      if (check !== (~len & 0xffff) && (len !== 0 || check !== 0)) throw new FlateError('bad stored block');
      this.#codeBuf = 0;
      this.#codeSize = 0;
      this.#storedLeft = len;
      this.#state = 'stored';
      return;
    }
    if (hdr === 1) {
      this.#lit = FIXED_LIT;
      this.#dist = FIXED_DIST;
    } else if (hdr === 2) {
      const numLit = this.#getBits(5) + 257;
      const numDist = this.#getBits(5) + 1;
      const numCodeLen = this.#getBits(4) + 4;
      const codeLenLengths = new Uint8Array(CODE_LENGTH_ORDER.length);
      for (let i = 0; i < numCodeLen; i++) codeLenLengths[CODE_LENGTH_ORDER[i]!] = this.#getBits(3);
      const buffers = this.#buffers!;
      const codeLenTable = huffmanTable(codeLenLengths, buffers.codeLen);
      const total = numLit + numDist;
      const lengths = new Uint8Array(total);
      let len = 0;
      let i = 0;
      while (i < total) {
        const code = this.#getCode(codeLenTable);
        let repeat: number;
        let what: number;
        if (code === 16) {
          repeat = this.#getBits(2) + 3;
          what = len;
        } else if (code === 17) {
          repeat = this.#getBits(3) + 3;
          what = len = 0;
        } else if (code === 18) {
          repeat = this.#getBits(7) + 11;
          what = len = 0;
        } else {
          lengths[i++] = len = code;
          continue;
        }
        while (repeat-- > 0) {
          if (i < total) lengths[i] = what;
          i++;
        }
      }
      this.#lit = huffmanTable(lengths.subarray(0, numLit), buffers.lit);
      this.#dist = huffmanTable(lengths.subarray(numLit, total), buffers.dist);
    } else {
      throw new FlateError('unknown block type');
    }
    this.#state = 'huffman';
  }

  #stored(limit: number): void {
    const n = Math.min(this.#storedLeft, limit - this.#pos);
    const got = this.#in.getBytes(this.#win, this.#pos, n);
    this.#pos += got;
    this.#storedLeft -= got;
    if (got < n) {
      this.#state = 'end';
      return;
    }
    if (this.#storedLeft === 0) this.#state = 'block';
  }

  #huffman(limit: number): void {
    const win = this.#win;
    let pos = this.#pos;
    try {
      while (pos < limit) {
        const sym = this.#getCode(this.#lit);
        if (sym < 256) {
          win[pos++] = sym;
          continue;
        }
        if (sym === 256) {
          this.#state = 'block';
          return;
        }
        const l = LENGTH_DECODE[sym - 257] ?? 0;
        const lenExtra = l >> 16;
        const len = (l & 0xffff) + (lenExtra > 0 ? this.#getBits(lenExtra) : 0);
        const d = DIST_DECODE[this.#getCode(this.#dist)] ?? 0;
        const distExtra = d >> 16;
        const dist = (d & 0xffff) + (distExtra > 0 ? this.#getBits(distExtra) : 0);
        // pdf.js keeps everything it decoded, so it reads zeros for a distance reaching before the
        // start (and for distance 0); our window holds 32 KiB, all a valid distance can reach.
        if (dist === 0 || this.#base + pos - dist < 0) {
          win.fill(0, pos, pos + len);
          pos += len;
        } else if (dist === 1) {
          win.fill(win[pos - 1]!, pos, pos + len);
          pos += len;
        } else if (dist >= len) {
          win.copyWithin(pos, pos - dist, pos - dist + len);
          pos += len;
        } else if (len < 16) {
          for (let k = 0; k < len; k++, pos++) win[pos] = win[pos - dist]!;
        } else {
          // The repeating pattern doubles with each copy.
          let left = len;
          for (let span = dist; left > 0; span *= 2) {
            const n = Math.min(span, left);
            win.copyWithin(pos, pos - span, pos - span + n);
            pos += n;
            left -= n;
          }
        }
      }
    } finally {
      this.#pos = pos;
    }
  }
}

// --- LZW, as pdf.js's LZWStream reads it ------------------------------------------------------

export class LzwSource extends BlockDecoder {
  #cached = 0;
  #bitsCached = 0;
  #codeLength = 9;
  #nextCode = 258;
  #prevCode = 0;
  readonly #values = new Uint8Array(4096);
  readonly #lengths = new Uint16Array(4096);
  readonly #prevCodes = new Uint16Array(4096);
  readonly #sequence = new Uint8Array(4096);
  #sequenceLength = 0;

  constructor(
    source: ByteSource,
    private readonly earlyChange: number,
  ) {
    super(source);
    for (let i = 0; i < 256; i++) {
      this.#values[i] = i;
      this.#lengths[i] = 1;
    }
  }

  #readBits(n: number): number | null {
    while (this.#bitsCached < n) {
      const c = this.input.getByte();
      if (c === -1) {
        this.eof = true;
        return null;
      }
      this.#cached = ((this.#cached << 8) | c) >>> 0;
      this.#bitsCached += 8;
    }
    this.#bitsCached -= n;
    return (this.#cached >>> this.#bitsCached) & ((1 << n) - 1);
  }

  protected readBlock(): void {
    for (let i = 0; i < 512 && !this.eof; i++) {
      const code = this.#readBits(this.#codeLength);
      if (code === null) return;
      const hasPrev = this.#sequenceLength > 0;
      if (code < 256) {
        this.#sequence[0] = code;
        this.#sequenceLength = 1;
      } else if (code >= 258) {
        if (code < this.#nextCode) {
          this.#sequenceLength = this.#lengths[code]!;
          for (let j = this.#sequenceLength - 1, q = code; j >= 0; j--) {
            this.#sequence[j] = this.#values[q]!;
            q = this.#prevCodes[q]!;
          }
        } else {
          this.#sequence[this.#sequenceLength++] = this.#sequence[0]!;
        }
      } else if (code === 256) {
        this.#codeLength = 9;
        this.#nextCode = 258;
        this.#sequenceLength = 0;
        continue;
      } else {
        this.eof = true;
        return;
      }
      if (hasPrev) {
        const next = this.#nextCode;
        this.#prevCodes[next] = this.#prevCode;
        this.#lengths[next] = this.#lengths[this.#prevCode]! + 1;
        this.#values[next] = this.#sequence[0]!;
        this.#nextCode++;
        const n = this.#nextCode + this.earlyChange;
        this.#codeLength = n & (n - 1) ? this.#codeLength : Math.min(Math.log(n) / Math.LN2 + 1, 12) | 0;
      }
      this.#prevCode = code;
      const len = this.#sequenceLength;
      const buf = this.out.ensure(len);
      // Past its 4096-byte buffer pdf.js writes nothing and reads back undefined: zeros.
      const direct = Math.min(len, this.#sequence.length);
      buf.set(this.#sequence.subarray(0, direct), this.out.len);
      buf.fill(0, this.out.len + direct, this.out.len + len);
      this.out.len += len;
      if (this.out.len >= CHUNK_BYTES) return;
    }
  }
}

// --- RunLength, ASCII85, ASCIIHex ---------------------------------------------------------------

export class RunLengthSource extends BlockDecoder {
  readonly #copy = new Uint8Array(128);
  protected readBlock(): void {
    const n = this.input.getByte();
    const b = this.input.getByte();
    if (n === -1 || b === -1 || n === 128) {
      this.eof = true;
      return;
    }
    if (n < 128) {
      // pdf.js counts n + 1 bytes even when the data ends early.
      const buf = this.out.ensure(n + 1);
      buf[this.out.len] = b;
      const got = this.input.getBytes(this.#copy, 0, n);
      buf.set(this.#copy.subarray(0, got), this.out.len + 1);
      buf.fill(0, this.out.len + 1 + got, this.out.len + 1 + n);
      this.out.len += n + 1;
    } else {
      const count = 257 - n;
      this.out.ensure(count).fill(b, this.out.len, this.out.len + count);
      this.out.len += count;
    }
  }
}

const isAsciiSpace = (c: number): boolean => c === 0x20 || c === 0x09 || c === 0x0d || c === 0x0a;

export class Ascii85Source extends BlockDecoder {
  readonly #group = new Uint8Array(5);
  protected readBlock(): void {
    let c = this.input.getByte();
    while (isAsciiSpace(c)) c = this.input.getByte();
    if (c === -1 || c === 0x7e) {
      this.eof = true;
      return;
    }
    if (c === 0x7a) {
      this.out.ensure(4).fill(0, this.out.len, this.out.len + 4);
      this.out.len += 4;
      return;
    }
    const group = this.#group;
    group[0] = c;
    let i = 1;
    for (; i < 5; i++) {
      c = this.input.getByte();
      while (isAsciiSpace(c)) c = this.input.getByte();
      group[i] = c;
      if (c === -1 || c === 0x7e) break;
    }
    const n = i - 1;
    if (i < 5) {
      for (; i < 5; i++) group[i] = 0x21 + 84;
      this.eof = true;
    }
    let t = 0;
    for (let k = 0; k < 5; k++) t = t * 85 + (group[k]! - 0x21);
    const word = [(t >>> 24) & 0xff, (t >>> 16) & 0xff, (t >>> 8) & 0xff, t & 0xff];
    for (let k = 0; k < n; k++) this.out.push(word[k]!);
  }
}

export class AsciiHexSource extends BlockDecoder {
  #first = -1;
  protected readBlock(): void {
    for (let k = 0; k < 8000; k++) {
      const ch = this.input.getByte();
      if (ch === -1) {
        this.eof = true;
        break;
      }
      let digit: number;
      if (ch >= 0x30 && ch <= 0x39) digit = ch & 0x0f;
      else if ((ch >= 0x41 && ch <= 0x46) || (ch >= 0x61 && ch <= 0x66)) digit = (ch & 0x0f) + 9;
      else if (ch === 0x3e) {
        this.eof = true;
        break;
      } else continue;
      if (this.#first < 0) this.#first = digit;
      else {
        this.out.push((this.#first << 4) | digit);
        this.#first = -1;
      }
    }
    if (this.eof && this.#first >= 0) {
      this.out.push(this.#first << 4);
      this.#first = -1;
    }
  }
}

// --- Predictors (after Flate or LZW) ------------------------------------------------------------

/** Rows wider than this are counted, not decoded: nothing real has them, and they would need the memory. */
const MAX_DECODED_ROW = 16 * 1024 * 1024;

export interface PredictorParams {
  readonly predictor: number;
  readonly colors: number;
  readonly bits: number;
  readonly columns: number;
}

/**
 * pdf.js's PredictorStream: TIFF predictor 2 and the PNG predictors 10–15. Each row read (even a
 * short last one) comes out as a full row, which is how a predictor can add bytes.
 */
export class PredictorSource extends BlockDecoder {
  readonly #rowBytes: number;
  readonly #pixBytes: number;
  #prev: Uint8Array | null = null;
  #raw: Uint8Array | null = null;
  /** Bytes of a counted-only row still to hand out. */
  #zerosLeft = 0;

  constructor(
    source: ByteSource,
    private readonly p: PredictorParams,
  ) {
    super(source);
    // The same 32-bit arithmetic as pdf.js.
    this.#pixBytes = (p.colors * p.bits + 7) >> 3;
    this.#rowBytes = (p.columns * p.colors * p.bits + 7) >> 3;
    if (this.#rowBytes <= 0) this.eof = true;
  }

  protected readBlock(): void {
    if (this.#zerosLeft > 0) {
      // A huge row, handed out a chunk at a time.
      const take = Math.min(this.#zerosLeft, CHUNK_BYTES);
      this.out.ensure(take).fill(0, this.out.len, this.out.len + take);
      this.out.len += take;
      this.#zerosLeft -= take;
      return;
    }
    const rowBytes = this.#rowBytes;
    // A PNG row starts with its filter type; TIFF rows have none.
    const type = this.p.predictor === 2 ? 0 : this.input.getByte();
    if (rowBytes > MAX_DECODED_ROW) {
      // Count the row without decoding it: read up to rowBytes bytes, then rowBytes zeros come out.
      this.#raw ??= new Uint8Array(CHUNK_BYTES);
      let got = 0;
      for (let n = 1; n > 0 && got < rowBytes; got += n) {
        n = this.input.getBytes(this.#raw, 0, Math.min(CHUNK_BYTES, rowBytes - got));
      }
      if (got === 0) this.eof = true;
      else this.#zerosLeft = rowBytes;
      return;
    }
    this.#raw ??= new Uint8Array(rowBytes);
    this.#prev ??= new Uint8Array(rowBytes);
    const raw = this.#raw;
    const got = this.input.getBytes(raw, 0, rowBytes);
    if (got === 0) {
      this.eof = true;
      return;
    }
    raw.fill(0, got);
    const row = this.out.ensure(rowBytes).subarray(this.out.len, this.out.len + rowBytes);
    if (this.p.predictor === 2) this.#tiff(raw, row);
    else this.#png(raw, row, this.#prev, type);
    this.#prev.set(row);
    this.out.len += rowBytes;
  }

  #tiff(raw: Uint8Array, row: Uint8Array): void {
    const { colors, bits } = this.p;
    const rowBytes = row.length;
    if (bits === 8) {
      for (let i = 0; i < rowBytes; i++) row[i] = i < colors ? raw[i]! : row[i - colors]! + raw[i]!;
    } else if (bits === 16) {
      const bpp = colors * 2;
      for (let i = 0; i < rowBytes; i++) {
        if (i < bpp) row[i] = raw[i]!;
        else if ((i - bpp) % 2 === 0) {
          const sum = (raw[i]! << 8) + (raw[i + 1] ?? 0) + (row[i - bpp]! << 8) + row[i - bpp + 1]!;
          row[i] = (sum >> 8) & 0xff;
          if (i + 1 < rowBytes) row[i + 1] = sum & 0xff;
        }
      }
    } else {
      // Other depths: the bytes as they are (only the size matters for them).
      row.set(raw.subarray(0, rowBytes));
    }
  }

  #png(raw: Uint8Array, row: Uint8Array, prev: Uint8Array, type: number): void {
    const pix = this.#pixBytes;
    const n = row.length;
    switch (type) {
      case 0:
        row.set(raw.subarray(0, n));
        break;
      case 1:
        for (let i = 0; i < n; i++) row[i] = i < pix ? raw[i]! : (row[i - pix]! + raw[i]!) & 0xff;
        break;
      case 2:
        for (let i = 0; i < n; i++) row[i] = (prev[i]! + raw[i]!) & 0xff;
        break;
      case 3:
        for (let i = 0; i < n; i++) {
          row[i] = i < pix ? (prev[i]! >> 1) + raw[i]! : (((prev[i]! + row[i - pix]!) >> 1) + raw[i]!) & 0xff;
        }
        break;
      case 4:
        for (let i = 0; i < n; i++) {
          if (i < pix) {
            row[i] = prev[i]! + raw[i]!;
            continue;
          }
          const up = prev[i]!;
          const upLeft = prev[i - pix]!;
          const left = row[i - pix]!;
          const p = left + up - upLeft;
          const pa = Math.abs(p - left);
          const pb = Math.abs(p - up);
          const pc = Math.abs(p - upLeft);
          row[i] = (pa <= pb && pa <= pc ? left : pb <= pc ? up : upLeft) + raw[i]!;
        }
        break;
      default:
        throw new Error(`unsupported PNG predictor ${type}`);
    }
  }
}

// --- Brotli (PDF 2.0) -------------------------------------------------------------------------

/**
 * Brotli through Node's decoder, in one piece bounded by `limit` (no Node API decodes Brotli
 * incrementally without going asynchronous). Streams this rare are decoded at most to the limit.
 */
export class BrotliSource implements ByteSource {
  #out: SliceSource | null = null;
  constructor(
    private readonly source: ByteSource,
    private readonly limit: number,
  ) {}
  read(): Uint8Array | null {
    if (!this.#out) {
      const parts: Uint8Array[] = [];
      let size = 0;
      for (let c = this.source.read(); c; c = this.source.read()) {
        size += c.length;
        if (size > this.limit) throw new DecodedTooLarge();
        parts.push(c.slice());
      }
      let decoded: Buffer;
      try {
        decoded = brotliDecompressSync(Buffer.concat(parts), {
          maxOutputLength: this.limit + 1,
          finishFlush: zlibConstants.BROTLI_OPERATION_FLUSH,
        });
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE' || err instanceof RangeError) {
          throw new DecodedTooLarge();
        }
        decoded = Buffer.alloc(0);
      }
      if (decoded.length > this.limit) throw new DecodedTooLarge();
      this.#out = new SliceSource(decoded);
    }
    return this.#out.read();
  }
}

// --- Filter chains ------------------------------------------------------------------------------

/** Filters whose output is pixels we do not decode: the chain's measurable part ends before them. */
const IMAGE_CODECS = new Set([
  'DCT',
  'DCTDecode',
  'JPX',
  'JPXDecode',
  'CCF',
  'CCITTFaxDecode',
  'JBIG2Decode',
]);

export interface FilterSpec {
  readonly name: string;
  /** /DecodeParms of this filter, as far as the decoders need it. */
  readonly predictor?: PredictorParams;
  readonly earlyChange?: number;
}

/** What a chain of filters turns a source into. */
export interface DecodedChain {
  readonly source: ByteSource;
  /** Some filter expands its input (so the output is worth measuring on its own). */
  readonly expands: boolean;
  /** The chain ends in an image codec: the output is compressed pixels, not page content. */
  readonly image: boolean;
}

/** Builds pdf.js's decoder chain for `filters` over `source`; unknown filters pass data through, as in pdf.js. */
export function decodeChain(source: ByteSource, filters: readonly FilterSpec[], limit: number): DecodedChain {
  let s = source;
  let expands = false;
  for (const f of filters) {
    switch (f.name) {
      case 'Fl':
      case 'FlateDecode':
        s = new FlateSource(s);
        if (f.predictor) s = new PredictorSource(s, f.predictor);
        expands = true;
        break;
      case 'LZW':
      case 'LZWDecode':
        s = new LzwSource(s, f.earlyChange ?? 1);
        if (f.predictor) s = new PredictorSource(s, f.predictor);
        expands = true;
        break;
      case 'RL':
      case 'RunLengthDecode':
        s = new RunLengthSource(s);
        expands = true;
        break;
      case 'A85':
      case 'ASCII85Decode':
        s = new Ascii85Source(s);
        expands = true;
        break;
      case 'AHx':
      case 'ASCIIHexDecode':
        s = new AsciiHexSource(s);
        break;
      case 'BrotliDecode':
        s = new BrotliSource(s, limit);
        expands = true;
        break;
      default:
        if (IMAGE_CODECS.has(f.name)) return { source: s, expands, image: true };
    }
  }
  return { source: s, expands, image: false };
}
