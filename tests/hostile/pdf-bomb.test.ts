/**
 * Finding 5: a 1.5 MB PDF with one Flate stream that inflates to 1.5 GiB took the room server to
 * 3.6 GB and was accepted — and every laptop's pdf.js would inflate it again. A secretariat laptop
 * uploads decompression bombs built here, through a real room (in this process, so its memory is
 * ours to measure): each must be refused with a clear 422 while the server's memory stays bounded.
 */
import { createHash } from 'node:crypto';
import { once } from 'node:events';
import { createDeflate, createDeflateRaw, deflateSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROUTES } from '#common/http/route-table';
import { closePdfInspector } from '../../sync-server/ingest/pdf-inspect';
import { expectError, expectOk, startTestRoom, type TestRoom } from '../integration/helpers/test-room';

const GIB = 1024 * 1024 * 1024;
const MIB = 1024 * 1024;
/** What each bomb inflates to. */
const BOMB_BYTES = 1.5 * GIB;
/** The most the server process may grow by while it refuses one bomb. */
const MEMORY_BUDGET = 512 * MIB;
/** Building a bomb deflates 1.5 GiB here, and a loaded CI box is slow at it. */
const SLOW = 180_000;
const MESSAGE =
  /^The PDF contains a compressed stream that expands to more than 256 MB; it cannot be distributed safely\b/;

/**
 * `total` zero bytes through a deflater, fed 1 MiB at a time so the test never holds more than
 * the compressed output (about 1.5 MB for 1.5 GiB).
 */
async function deflateZeros(total: number, raw = false): Promise<Buffer> {
  const deflater = raw ? createDeflateRaw({ level: 9 }) : createDeflate({ level: 9 });
  const out: Buffer[] = [];
  deflater.on('data', (chunk: Buffer) => out.push(chunk));
  const ended = once(deflater, 'end');
  const zeros = Buffer.alloc(MIB);
  for (let written = 0; written < total; written += zeros.length) {
    if (!deflater.write(zeros.subarray(0, Math.min(zeros.length, total - written)))) {
      await once(deflater, 'drain');
    }
  }
  deflater.end();
  await ended;
  return Buffer.concat(out);
}

/** Writes bits least significant first, as DEFLATE does; Huffman codes go in most significant bit first. */
class BitWriter {
  readonly #bytes: number[] = [];
  #acc = 0;
  #n = 0;
  bits(value: number, count: number): this {
    for (let i = 0; i < count; i++) this.#push((value >> i) & 1);
    return this;
  }
  code(value: number, count: number): this {
    for (let i = count - 1; i >= 0; i--) this.#push((value >> i) & 1);
    return this;
  }
  align(): this {
    while (this.#n !== 0) this.#push(0);
    return this;
  }
  bytes(...values: number[]): this {
    this.align();
    this.#bytes.push(...values);
    return this;
  }
  done(): Buffer {
    return Buffer.from(this.align().#bytes);
  }
  #push(bit: number): void {
    this.#acc |= bit << this.#n;
    if (++this.#n === 8) {
      this.#bytes.push(this.#acc);
      this.#acc = 0;
      this.#n = 0;
    }
  }
}

/**
 * A zlib stream that Node's zlib (and so any check built on it) gives up on at once — its first
 * block copies from before the start ("invalid distance too far back") — while pdf.js's own
 * inflater reads zeros for that and carries on into the 1.5 GiB that follows.
 */
async function zlibRejectedBomb(): Promise<Buffer> {
  const prefix = new BitWriter()
    .bytes(0x78, 0x9c) // zlib header
    .bits(0, 1) // not the last block
    .bits(1, 2) // fixed Huffman codes
    .code(0b0000001, 7) // length 3 (symbol 257)
    .code(0b00000, 5) // distance 1: there is nothing before it
    .code(0b0000000, 7) // end of block
    .bits(0, 1) // not the last block
    .bits(0, 2) // stored block of 0 bytes, back on a byte boundary
    .bytes(0x00, 0x00, 0xff, 0xff)
    .done();
  return Buffer.concat([prefix, await deflateZeros(BOMB_BYTES, true)]);
}

/** A one-page PDF from numbered object bodies (1: catalog, 2: pages, 3: page, …), with its xref table. */
function pdf(objects: readonly (string | [dict: string, data: Buffer])[]): Uint8Array<ArrayBuffer> {
  const parts: Buffer[] = [Buffer.from('%PDF-1.7\n%\xe2\xe3\xcf\xd3\n', 'latin1')];
  let length = parts[0]!.length;
  const offsets: number[] = [];
  const add = (b: Buffer): void => {
    parts.push(b);
    length += b.length;
  };
  objects.forEach((body, i) => {
    offsets.push(length);
    if (typeof body === 'string') {
      add(Buffer.from(`${i + 1} 0 obj\n${body}\nendobj\n`, 'latin1'));
    } else {
      const [dict, data] = body;
      add(Buffer.from(`${i + 1} 0 obj\n<< ${dict} /Length ${data.length} >>\nstream\n`, 'latin1'));
      add(data);
      add(Buffer.from('\nendstream\nendobj\n', 'latin1'));
    }
  });
  const xref = length;
  const rows = offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`).join('');
  add(
    Buffer.from(
      `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n${rows}trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`,
      'latin1',
    ),
  );
  const file = Buffer.concat(parts);
  return new Uint8Array(file.buffer, file.byteOffset, file.byteLength) as Uint8Array<ArrayBuffer>;
}

const CATALOG = '<< /Type /Catalog /Pages 2 0 R >>';
const PAGES = '<< /Type /Pages /Kids [3 0 R] /Count 1 >>';

/** The page's content stream is the bomb: what the server's text extraction reads. */
function contentBomb(data: Buffer): Uint8Array<ArrayBuffer> {
  return pdf([
    CATALOG,
    PAGES,
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << >> /Contents 4 0 R >>',
    ['/Filter /FlateDecode', data],
  ]);
}

/** The page shows an image whose pixels are the bomb: what every laptop inflates to draw it. */
function imageBomb(data: Buffer): Uint8Array<ArrayBuffer> {
  return pdf([
    CATALOG,
    PAGES,
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /XObject << /Im1 5 0 R >> >> /Contents 4 0 R >>',
    ['', Buffer.from('q 595 0 0 842 0 0 cm /Im1 Do Q', 'latin1')],
    [
      `/Type /XObject /Subtype /Image /Width 32768 /Height ${BOMB_BYTES / 32768} /ColorSpace /DeviceGray /BitsPerComponent 8 /Filter /FlateDecode`,
      data,
    ],
  ]);
}

/** A raw (unfiltered) content stream showing a Flate inline image: laptops inflate it to draw the page. */
function inlineImageBomb(data: Buffer): Uint8Array<ArrayBuffer> {
  const content = Buffer.concat([
    Buffer.from(
      `q 595 0 0 842 0 0 cm\nBI /W 32768 /H ${BOMB_BYTES / 32768} /CS /G /BPC 8 /F /Fl ID `,
      'latin1',
    ),
    data,
    Buffer.from('\nEI Q\n', 'latin1'),
  ]);
  return pdf([
    CATALOG,
    PAGES,
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << >> /Contents 4 0 R >>',
    ['', content],
  ]);
}

/**
 * A zlib stream whose first (stored) block holds the bytes "endstream": a scan that trusts the
 * first `endstream` it meets stops there, while pdf.js, whose /Length is right, inflates it all.
 */
async function fakeEndstreamBomb(): Promise<Buffer> {
  const words = Buffer.from('\nendstream\nendobj\n', 'latin1');
  const stored = new BitWriter()
    .bytes(0x78, 0x9c)
    .bits(0, 1) // not the last block
    .bits(0, 2) // stored
    .bytes(words.length & 0xff, words.length >> 8, ~words.length & 0xff, (~words.length >> 8) & 0xff)
    .done();
  return Buffer.concat([stored, words, await deflateZeros(BOMB_BYTES, true)]);
}

/**
 * Five pages, each a few bytes of content whose PNG predictor claims rows of 268,435,455 bytes
 * (the most pdf.js's 32-bit arithmetic allows): pdf.js allocates a row, then reads the page's
 * text through it. Each stays under the one-stream limit; together they pass the total.
 */
function predictorBomb(): Uint8Array<ArrayBuffer> {
  const pages = [1, 2, 3, 4, 5];
  return pdf([
    CATALOG,
    `<< /Type /Pages /Kids [${pages.map((i) => `${2 + 2 * i} 0 R`).join(' ')}] /Count ${pages.length} >>`,
    '<< >>',
    ...pages.flatMap((i): (string | [string, Buffer])[] => [
      `<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << >> /Contents ${3 + 2 * i} 0 R >>`,
      [
        '/Filter /FlateDecode /DecodeParms << /Predictor 12 /Colors 1 /BitsPerComponent 8 /Columns 268435455 >>',
        deflateSync(Buffer.from('\x00BT ET', 'latin1')),
      ],
    ]),
  ]);
}

/**
 * The page's content stream stored inside an object stream (allowed by pdf.js, though not by
 * the standard), the file indexed by a cross-reference stream.
 */
function objectStreamPdf(contentDict: string, content: Buffer): Uint8Array<ArrayBuffer> {
  const header = Buffer.from('%PDF-1.7\n%\xe2\xe3\xcf\xd3\n', 'latin1');
  const parts: Buffer[] = [header];
  let length = header.length;
  const offsets: number[] = [0];
  const add = (num: number, body: Buffer): void => {
    offsets[num] = length;
    const b = Buffer.concat([
      Buffer.from(`${num} 0 obj\n`, 'latin1'),
      body,
      Buffer.from('\nendobj\n', 'latin1'),
    ]);
    parts.push(b);
    length += b.length;
  };
  add(1, Buffer.from(CATALOG, 'latin1'));
  add(2, Buffer.from(PAGES, 'latin1'));
  add(
    3,
    Buffer.from(
      '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 << /Type /Font /Subtype /Type1 /BaseFont /Helvetica >> >> >> /Contents 4 0 R >>',
      'latin1',
    ),
  );
  // Object 4 lives in object stream 5: "4 0" then the stream object itself.
  const member = Buffer.concat([
    Buffer.from(`<< ${contentDict} /Length ${content.length} >>\nstream\n`, 'latin1'),
    content,
    Buffer.from('\nendstream', 'latin1'),
  ]);
  const table = Buffer.from('4 0\n', 'latin1');
  const objStm = Buffer.concat([table, member]);
  add(
    5,
    Buffer.concat([
      Buffer.from(
        `<< /Type /ObjStm /N 1 /First ${table.length} /Length ${objStm.length} >>\nstream\n`,
        'latin1',
      ),
      objStm,
      Buffer.from('\nendstream', 'latin1'),
    ]),
  );
  // Cross-reference stream (object 6): type, offset or object stream, generation or index.
  const row = (type: number, field: number, index: number): Buffer => {
    const b = Buffer.alloc(7);
    b.writeUInt8(type, 0);
    b.writeUInt32BE(field, 1);
    b.writeUInt16BE(index, 5);
    return b;
  };
  const xrefAt = length;
  offsets[6] = xrefAt;
  const rows = Buffer.concat([
    row(0, 0, 0xffff),
    row(1, offsets[1]!, 0),
    row(1, offsets[2]!, 0),
    row(1, offsets[3]!, 0),
    row(2, 5, 0),
    row(1, offsets[5]!, 0),
    row(1, xrefAt, 0),
  ]);
  add(
    6,
    Buffer.concat([
      Buffer.from(
        `<< /Type /XRef /Size 7 /W [1 4 2] /Root 1 0 R /Length ${rows.length} >>\nstream\n`,
        'latin1',
      ),
      rows,
      Buffer.from('\nendstream', 'latin1'),
    ]),
  );
  parts.push(Buffer.from(`startxref\n${xrefAt}\n%%EOF\n`, 'latin1'));
  const file = Buffer.concat(parts);
  return new Uint8Array(file.buffer, file.byteOffset, file.byteLength) as Uint8Array<ArrayBuffer>;
}

/** RC4, which the PDF standard security handler (revision 3) encrypts with. */
function rc4(key: Uint8Array, data: Uint8Array): Buffer {
  const s = Array.from({ length: 256 }, (_, i) => i);
  for (let i = 0, j = 0; i < 256; i++) {
    j = (j + s[i]! + key[i % key.length]!) & 0xff;
    [s[i], s[j]] = [s[j]!, s[i]!];
  }
  const out = Buffer.alloc(data.length);
  for (let k = 0, i = 0, j = 0; k < data.length; k++) {
    i = (i + 1) & 0xff;
    j = (j + s[i]!) & 0xff;
    [s[i], s[j]] = [s[j]!, s[i]!];
    out[k] = data[k]! ^ s[(s[i]! + s[j]!) & 0xff]!;
  }
  return out;
}

const md5 = (...parts: Uint8Array[]): Buffer => {
  const h = createHash('md5');
  for (const p of parts) h.update(p);
  return h.digest();
};

/**
 * A one-page PDF encrypted with RC4 (128-bit, revision 3) and an empty user password — what
 * readers open without asking — whose content stream is `content` (Flate-compressed already).
 */
function encryptedPdf(content: Buffer, filter = '/Filter /FlateDecode'): Uint8Array<ArrayBuffer> {
  const pad = Buffer.from('28bf4e5e4e758a4164004e56fffa01082e2e00b6d0683e802f0ca9fe6453697a', 'hex');
  const id = md5(Buffer.from('paperless-room hostile test'));
  const P = -4;
  const pBytes = Buffer.alloc(4);
  pBytes.writeInt32LE(P);
  const xorKey = (key: Buffer, i: number): Buffer => Buffer.from(key.map((b) => b ^ i));
  // Algorithm 3: /O from the (empty) owner password.
  let h = md5(pad);
  for (let i = 0; i < 50; i++) h = md5(h);
  let o = rc4(h, pad);
  for (let i = 1; i <= 19; i++) o = rc4(xorKey(h, i), o);
  // Algorithm 2: the file key; algorithm 5: /U.
  let key = md5(pad, o, pBytes, id);
  for (let i = 0; i < 50; i++) key = md5(key);
  let u = rc4(key, md5(pad, id));
  for (let i = 1; i <= 19; i++) u = rc4(xorKey(key, i), u);
  const objectKey = md5(key, Buffer.from([4, 0, 0, 0, 0]));
  const encrypted = rc4(objectKey, content);
  const hex = (b: Buffer): string => `<${b.toString('hex')}>`;
  const file = pdf([
    CATALOG,
    PAGES,
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 << /Type /Font /Subtype /Type1 /BaseFont /Helvetica >> >> >> /Contents 4 0 R >>',
    [filter, encrypted],
    `<< /Filter /Standard /V 2 /R 3 /Length 128 /P ${P} /O ${hex(o)} /U ${hex(Buffer.concat([u, Buffer.alloc(16)]))} >>`,
  ]);
  // The trailer names the encryption dictionary and the file identifier.
  const text = Buffer.from(file)
    .toString('latin1')
    .replace('/Root 1 0 R >>', `/Root 1 0 R /Encrypt 5 0 R /ID [${hex(id)} ${hex(id)}] >>`);
  const out = Buffer.from(text, 'latin1');
  return new Uint8Array(out.buffer, out.byteOffset, out.byteLength) as Uint8Array<ArrayBuffer>;
}

let room: TestRoom;
let meetingId: string;
let zeros: Buffer;

beforeAll(async () => {
  zeros = await deflateZeros(BOMB_BYTES);
  room = await startTestRoom();
  meetingId = await room.createMeeting();
}, SLOW);

afterAll(async () => {
  await room?.destroy();
  await closePdfInspector();
});

/**
 * Uploads `bytes` and samples this process's memory (the room server runs in it) every 20 ms
 * until the answer is in; returns the answer and the largest growth over the baseline.
 */
async function uploadMeasured(bytes: Uint8Array<ArrayBuffer>, fileName: string) {
  globalThis.gc?.();
  const base = process.memoryUsage();
  let rss = 0;
  let arrayBuffers = 0;
  const sample = (): void => {
    const now = process.memoryUsage();
    rss = Math.max(rss, now.rss - base.rss);
    arrayBuffers = Math.max(arrayBuffers, now.arrayBuffers - base.arrayBuffers);
  };
  const timer = setInterval(sample, 20);
  const started = Date.now();
  try {
    const result = await room.call(ROUTES.uploadDocument, {
      token: room.staffToken,
      params: { meetingId },
      query: { fileName },
      body: bytes,
      headers: { 'content-type': 'application/octet-stream' },
    });
    sample();
    const mb = (n: number): string => `${Math.round(n / MIB)} MB`;
    console.log(
      `${fileName} (${(bytes.byteLength / MIB).toFixed(1)} MB): ${result.status} in ${Date.now() - started} ms; ` +
        `server memory grew by at most ${mb(rss)} RSS, ${mb(arrayBuffers)} ArrayBuffers (main thread)`,
    );
    return { result, rss, arrayBuffers };
  } finally {
    clearInterval(timer);
  }
}

describe('PDF decompression bombs', () => {
  it(
    'a content stream of 1.5 GiB of zeros in a 1.5 MB file is refused with 422, in bounded memory',
    async () => {
      const { result, rss } = await uploadMeasured(contentBomb(zeros), 'Tờ trình.pdf');
      expect(expectError(result, 422, 'invalid_document').message).toMatch(MESSAGE);
      expect(rss).toBeLessThan(MEMORY_BUDGET);
    },
    SLOW,
  );

  it(
    'an image of 1.5 GiB of zero pixels (inflated by every laptop that shows the page) is refused',
    async () => {
      const { result, rss } = await uploadMeasured(imageBomb(zeros), 'Bản đồ.pdf');
      expect(expectError(result, 422, 'invalid_document').message).toMatch(MESSAGE);
      expect(rss).toBeLessThan(MEMORY_BUDGET);
    },
    SLOW,
  );

  it(
    "a bomb behind a block Node's zlib rejects but pdf.js's inflater reads on through is refused",
    async () => {
      const { result, rss } = await uploadMeasured(contentBomb(await zlibRejectedBomb()), 'Báo cáo.pdf');
      expect(expectError(result, 422, 'invalid_document').message).toMatch(MESSAGE);
      expect(rss).toBeLessThan(MEMORY_BUDGET);
    },
    SLOW,
  );
});

describe('bombs where a simple scan would not look', () => {
  /** Whether the room's search finds `words` in the meeting. */
  async function searchable(words: string): Promise<boolean> {
    const found = expectOk(
      await room.call(ROUTES.search, { token: room.staffToken, params: { meetingId }, query: { q: words } }),
    );
    return found.hits.length > 0;
  }
  const text = (words: string): Buffer =>
    deflateSync(Buffer.from(`BT /F1 24 Tf 72 720 Td (${words}) Tj ET`, 'latin1'));

  it(
    'an inline image inside page content',
    async () => {
      const { result, rss } = await uploadMeasured(inlineImageBomb(zeros), 'Sơ đồ.pdf');
      expect(expectError(result, 422, 'invalid_document').message).toMatch(MESSAGE);
      expect(rss).toBeLessThan(MEMORY_BUDGET);
    },
    SLOW,
  );

  it(
    'a stream whose data holds the word "endstream" before the real end',
    async () => {
      const { result, rss } = await uploadMeasured(contentBomb(await fakeEndstreamBomb()), 'Phụ lục.pdf');
      expect(expectError(result, 422, 'invalid_document').message).toMatch(MESSAGE);
      expect(rss).toBeLessThan(MEMORY_BUDGET);
    },
    SLOW,
  );

  it(
    'five tiny streams whose predictor rows are 256 MB each: the total is refused',
    async () => {
      const { result, rss } = await uploadMeasured(predictorBomb(), 'Bảng kê.pdf');
      expect(expectError(result, 422, 'invalid_document').message).toMatch(
        /^The PDF's compressed streams expand to more than 1024 MB in all \(100 times the file's size or more\); it cannot be distributed safely$/,
      );
      expect(rss).toBeLessThan(MEMORY_BUDGET);
    },
    SLOW,
  );

  it(
    'a content stream inside an object stream (pdf.js reads it: the control is accepted and searchable)',
    async () => {
      expectOk(
        await room.call(ROUTES.uploadDocument, {
          token: room.staffToken,
          params: { meetingId },
          query: { fileName: 'Đối chứng 1.pdf' },
          body: objectStreamPdf('/Filter /FlateDecode', text('OBJSTMCONTROL')),
          headers: { 'content-type': 'application/octet-stream' },
        }),
      );
      expect(await searchable('OBJSTMCONTROL')).toBe(true);
      const { result, rss } = await uploadMeasured(
        objectStreamPdf('/Filter /FlateDecode', zeros),
        'Tờ trình 2.pdf',
      );
      expect(expectError(result, 422, 'invalid_document').message).toMatch(MESSAGE);
      expect(rss).toBeLessThan(MEMORY_BUDGET);
    },
    SLOW,
  );

  it(
    'an encrypted PDF readers open without a password (the control is accepted and searchable)',
    async () => {
      expectOk(
        await room.call(ROUTES.uploadDocument, {
          token: room.staffToken,
          params: { meetingId },
          query: { fileName: 'Đối chứng 2.pdf' },
          body: encryptedPdf(text('RC4CONTROL')),
          headers: { 'content-type': 'application/octet-stream' },
        }),
      );
      expect(await searchable('RC4CONTROL')).toBe(true);
      const { result, rss } = await uploadMeasured(encryptedPdf(zeros), 'Tờ trình mật.pdf');
      expect(expectError(result, 422, 'invalid_document').message).toMatch(MESSAGE);
      expect(rss).toBeLessThan(MEMORY_BUDGET);
    },
    SLOW,
  );
});
