import { readFileSync } from 'node:fs';
import { deflateSync } from 'node:zlib';
import type { TextItem } from 'pdfjs-dist/types/src/display/api';
import { describe, expect, it } from 'vitest';
import {
  describeContent,
  fileExtension,
  hasPdfHeader,
  isPlausibleOfficeFile,
} from '../../../sync-server/ingest/file-sniff';
import { formatMegabytes, IngestError } from '../../../sync-server/ingest/ingest-error';
import {
  type ByteSource,
  decodeChain,
  type FilterSpec,
  SliceSource,
} from '../../../sync-server/ingest/pdf-decoders';
import { joinTextItems, mapPdfjsError, parsePdf, tidyPageText } from '../../../sync-server/ingest/pdf-parse';
import { checkPdfStreams, DEFAULT_STREAM_LIMITS } from '../../../sync-server/ingest/pdf-stream-check';
import { httpStatusOf } from '../../../sync-server/api/http-errors';
import { DomainError } from '../../../sync-server/errors/domain-errors';

const bytes = (s: string | number[]): Uint8Array =>
  typeof s === 'string' ? new Uint8Array(Buffer.from(s, 'latin1')) : new Uint8Array(s);

describe('IngestError', () => {
  it('is a DomainError with the HTTP status of its code', () => {
    const cases: [IngestError, string, number][] = [
      [IngestError.empty(), 'invalid_document', 422],
      [IngestError.passwordProtected(), 'invalid_document', 422],
      [IngestError.damaged('x'), 'invalid_document', 422],
      [IngestError.notPdf(null, 'unknown'), 'invalid_document', 422],
      [IngestError.officeUnavailable(), 'unsupported_media_type', 415],
      [IngestError.unsupportedType('xyz'), 'unsupported_media_type', 415],
      [IngestError.tooLarge(200 * 1024 * 1024), 'payload_too_large', 413],
    ];
    for (const [err, code, status] of cases) {
      expect(err).toBeInstanceOf(DomainError);
      expect(err).toBeInstanceOf(Error);
      expect(err.name).toBe('IngestError');
      expect(err.code).toBe(code);
      expect(httpStatusOf(err.code)).toBe(status);
    }
  });

  it('says exactly what is wrong', () => {
    expect(IngestError.empty().message).toBe('The file is empty');
    expect(IngestError.notPdf('PNG image data', 'png').message).toBe(
      'This is not a PDF file (it starts with PNG image data)',
    );
    expect(IngestError.notPdf(null, 'unknown').message).toBe(
      'This is not a PDF file (it does not start with the %PDF- header)',
    );
    expect(IngestError.passwordProtected().message).toBe(
      'The PDF is protected by a password; remove the password and upload again',
    );
    expect(IngestError.damaged('it has no pages').message).toBe('The PDF is damaged: it has no pages');
    expect(IngestError.officeUnavailable().message).toMatch(
      /^Office files need LibreOffice on the room server, which is not installed/,
    );
    expect(IngestError.unsupportedType('xyz').message).toMatch(
      /^Unsupported file type \.xyz: upload a PDF or an office document/,
    );
    expect(IngestError.unsupportedType('').message).toMatch(
      /^Unsupported file type \(a file name without an extension\)/,
    );
  });

  it('formats sizes for people', () => {
    expect(formatMegabytes(200 * 1024 * 1024)).toBe('200 MB');
    expect(formatMegabytes(1.5 * 1024 * 1024)).toBe('1.5 MB');
    expect(formatMegabytes(10 * 1024)).toBe('10 KB');
    expect(formatMegabytes(5)).toBe('1 KB');
  });
});

describe('file sniffing', () => {
  it('finds %PDF- anywhere in the first 1024 bytes', () => {
    expect(hasPdfHeader(bytes('%PDF-1.7\n'))).toBe(true);
    expect(hasPdfHeader(bytes(`${' '.repeat(1000)}%PDF-1.4`))).toBe(true);
    expect(hasPdfHeader(bytes(`${' '.repeat(1020)}%PDF-1.4`))).toBe(false);
    expect(hasPdfHeader(bytes('%PDF'))).toBe(false);
    expect(hasPdfHeader(new Uint8Array())).toBe(false);
  });

  it('names what people upload by mistake', () => {
    expect(describeContent(bytes([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0]))).toBe(
      'PNG image data',
    );
    expect(describeContent(bytes([0xff, 0xd8, 0xff, 0xe0]))).toBe('JPEG image data');
    expect(describeContent(bytes('PK\u0003\u0004....'))).toMatch(/^ZIP archive data/);
    expect(describeContent(bytes([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]))).toMatch(
      /^old Microsoft Office/,
    );
    expect(describeContent(bytes('{\\rtf1\\ansi'))).toMatch(/^RTF text/);
    expect(describeContent(new Uint8Array(Buffer.from('\uFEFF<!DOCTYPE html><html>', 'utf8')))).toBe(
      'HTML text (a web page)',
    );
    expect(describeContent(new Uint8Array(Buffer.from('Biên bản họp\n', 'utf8')))).toBe('plain text');
    expect(describeContent(bytes([0, 1, 2, 3, 250, 251]))).toBeNull();
  });

  it('checks that office content fits its extension', () => {
    const zip = bytes('PK\u0003\u0004rest');
    const ole = bytes([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0]);
    const rtf = bytes('{\\rtf1\\ansi Biên');
    const html = bytes('<html><body>x</body></html>');
    const png = bytes([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0]);
    for (const ext of ['docx', 'xlsx', 'pptx', 'odt', 'ods', 'odp', 'doc', 'xls', 'ppt']) {
      expect(isPlausibleOfficeFile(zip, ext), ext).toBe(true);
      expect(isPlausibleOfficeFile(ole, ext), ext).toBe(true);
      expect(isPlausibleOfficeFile(png, ext), ext).toBe(false);
    }
    expect(isPlausibleOfficeFile(rtf, 'rtf')).toBe(true);
    expect(isPlausibleOfficeFile(rtf, 'doc')).toBe(true);
    expect(isPlausibleOfficeFile(html, 'doc')).toBe(true);
    expect(isPlausibleOfficeFile(html, 'xls')).toBe(true);
    expect(isPlausibleOfficeFile(html, 'docx')).toBe(false);
    expect(isPlausibleOfficeFile(html, 'rtf')).toBe(false);
  });

  it('reads extensions', () => {
    expect(fileExtension('a.b.DOCX')).toBe('docx');
    expect(fileExtension('dir.x/noext')).toBe('');
    expect(fileExtension('.pdf')).toBe('pdf');
  });
});

describe('pdf.js error mapping', () => {
  const pdfjsError = (name: string, message: string) => Object.assign(new Error(message), { name });

  it('maps a password request to the password message', () => {
    expect(mapPdfjsError(pdfjsError('PasswordException', 'No password given'), false).message).toBe(
      'The PDF is protected by a password; remove the password and upload again',
    );
  });

  it('maps structure errors to "damaged", and says when the file is cut off', () => {
    expect(mapPdfjsError(pdfjsError('InvalidPDFException', 'Invalid PDF structure.'), false).message).toBe(
      'The PDF is damaged: its internal structure cannot be read (Invalid PDF structure)',
    );
    expect(mapPdfjsError(pdfjsError('InvalidPDFException', 'Invalid PDF structure.'), true).message).toMatch(
      /^The PDF is damaged: the file is cut off before its end/,
    );
    expect(
      mapPdfjsError(pdfjsError('UnknownErrorException', 'Bad FCHECK in flate stream'), false).message,
    ).toBe('The PDF is damaged: it cannot be read (Bad FCHECK in flate stream)');
    expect(mapPdfjsError('weird', false).code).toBe('invalid_document');
  });

  it('refuses empty and non-PDF bytes before pdf.js sees them', async () => {
    await expect(parsePdf(new Uint8Array())).rejects.toThrow('The file is empty');
    await expect(parsePdf(bytes('GIF89a.......'))).rejects.toThrow(
      'This is not a PDF file (it starts with GIF image data)',
    );
  });
});

describe('page text', () => {
  const item = (str: string, y: number, hasEOL = false): TextItem => ({
    str,
    dir: 'ltr',
    transform: [10, 0, 0, 10, 72, y],
    width: str.length * 5,
    height: 10,
    fontName: 'f',
    hasEOL,
  });

  it('joins items into lines', () => {
    expect(
      joinTextItems([item('Biên bản', 700), item(' ', 700), item('họp', 700, true), item('Ngày 1', 680)]),
    ).toBe('Biên bản họp\nNgày 1');
    // A new line without hasEOL still breaks the line.
    expect(joinTextItems([item('TỜ', 700), item('TRÌNH', 650)])).toBe('TỜ\nTRÌNH');
    // Marked-content items carry no text.
    expect(joinTextItems([{ type: 'beginMarkedContent', id: '' }, item('x', 1)])).toBe('x');
  });

  it('tidies text: NFKC, no controls or markers, single spaces', () => {
    expect(tidyPageText('ﬁle\u0002\u0003  \t x\u00a0y\r\n\n\n\nz\u200b\u00ad ')).toBe('file x y\n\nz');
    expect(tidyPageText('Bie\u0302n ba\u0309n')).toBe('Biên bản');
    expect(tidyPageText('\u0001\u0002\u0003\u0004')).toBe('');
    expect(tidyPageText('a\uD800b')).toBe('ab');
  });
});

/** Everything a decoder chain produces from `input`. */
function decode(input: Uint8Array, filters: FilterSpec[]): Buffer {
  const source: ByteSource = decodeChain(
    new SliceSource(input),
    filters,
    DEFAULT_STREAM_LIMITS.maxStreamBytes,
  ).source;
  const parts: Buffer[] = [];
  for (let c = source.read(); c; c = source.read()) parts.push(Buffer.from(c));
  return Buffer.concat(parts);
}

/** PDF/TIFF LZW with early change: 9- to 12-bit codes, a clear code first, EOD last. */
function lzw(data: Uint8Array): Buffer {
  const out: number[] = [];
  let acc = 0;
  let bits = 0;
  const put = (code: number, width: number): void => {
    acc = (acc << width) | code;
    bits += width;
    while (bits >= 8) {
      out.push((acc >>> (bits - 8)) & 0xff);
      bits -= 8;
    }
    acc &= (1 << bits) - 1;
  };
  // Entries by (prefix code, next byte); the decoder adds each one a code later, hence the width test.
  const dict = new Map<number, number>();
  let next = 258;
  let width = 9;
  put(256, width);
  let w = -1;
  for (const byte of data) {
    if (w < 0) {
      w = byte;
      continue;
    }
    const known = dict.get(w * 256 + byte);
    if (known !== undefined) {
      w = known;
      continue;
    }
    put(w, width);
    if (next < 4095) dict.set(w * 256 + byte, next++);
    if (next >= 1 << width && width < 12) width++;
    w = byte;
  }
  if (w >= 0) put(w, width);
  put(257, width);
  if (bits > 0) out.push((acc << (8 - bits)) & 0xff);
  return Buffer.from(out);
}

/** A one-page PDF whose content streams are these (dictionary entries, data). */
function pdfWith(streams: [dict: string, data: Uint8Array][]): Uint8Array {
  const parts: Buffer[] = [
    Buffer.from('%PDF-1.7\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n', 'latin1'),
  ];
  parts.push(Buffer.from('2 0 obj << /Type /Pages /Kids [3 0 R] /Count 1 >> endobj\n', 'latin1'));
  const refs = streams.map((_, i) => `${4 + i} 0 R`).join(' ');
  parts.push(Buffer.from(`3 0 obj << /Type /Page /Parent 2 0 R /Contents [${refs}] >> endobj\n`, 'latin1'));
  streams.forEach(([dict, data], i) => {
    parts.push(Buffer.from(`${4 + i} 0 obj << ${dict} /Length ${data.length} >>\nstream\n`, 'latin1'));
    parts.push(Buffer.from(data), Buffer.from('\nendstream\nendobj\n', 'latin1'));
  });
  parts.push(Buffer.from('trailer << /Root 1 0 R >>\n%%EOF\n', 'latin1'));
  return new Uint8Array(Buffer.concat(parts));
}

describe('stream decoders', () => {
  const sample = Buffer.from(
    Array.from(
      { length: 3000 },
      (_, i) => `BT /F1 11 Tf 50 ${i % 700} Td (Dòng ${i}: thảo luận ${i * 7}) Tj ET\n`,
    ).join(''),
  );

  it('inflate what zlib deflates, across blocks, stored blocks included', () => {
    for (const level of [0, 1, 6, 9]) {
      expect(decode(deflateSync(sample, { level }), [{ name: 'FlateDecode' }]).equals(sample)).toBe(true);
    }
    expect(
      decode(deflateSync(Buffer.alloc(5_000_000, 7)), [{ name: 'Fl' }]).equals(Buffer.alloc(5_000_000, 7)),
    ).toBe(true);
  });

  it('decode LZW (early change), RunLength, ASCII85, ASCIIHex and chains of them', () => {
    expect(decode(lzw(sample), [{ name: 'LZWDecode' }]).equals(sample)).toBe(true);
    expect(decode(bytes([2, 0x61, 0x62, 0x63, 254, 0x78, 128]), [{ name: 'RL' }]).toString('latin1')).toBe(
      'abcxxx',
    );
    expect(decode(bytes('9jqo^BlbD-BleB1DJ+*+F(f,q~>'), [{ name: 'A85' }]).toString('latin1')).toBe(
      'Man is distinguished',
    );
    expect(decode(bytes('z~>'), [{ name: 'ASCII85Decode' }])).toEqual(Buffer.alloc(4));
    expect(decode(bytes('48 65 6C6c 6F7>'), [{ name: 'AHx' }]).toString('latin1')).toBe('Hellop');
    const hex = Buffer.from(`${deflateSync(sample).toString('hex')}>`, 'latin1');
    expect(decode(hex, [{ name: 'ASCIIHexDecode' }, { name: 'FlateDecode' }]).equals(sample)).toBe(true);
  });

  it('undo PNG and TIFF predictors', () => {
    const png = Buffer.from([1, 1, 1, 1, 1, 2, 1, 1, 1, 1, 4, 0, 0, 0, 0]);
    const predictor = { predictor: 12, colors: 1, bits: 8, columns: 4 };
    expect([...decode(deflateSync(png), [{ name: 'FlateDecode', predictor }])]).toEqual([
      1, 2, 3, 4, 2, 3, 4, 5, 2, 3, 4, 5,
    ]);
    const tiff = Buffer.from([10, 1, 1, 1, 5, 5, 5, 5]);
    expect([
      ...decode(deflateSync(tiff), [{ name: 'FlateDecode', predictor: { ...predictor, predictor: 2 } }]),
    ]).toEqual([10, 11, 12, 13, 5, 10, 15, 20]);
  });

  it('stop at an image codec: what comes out of JPEG is not measured', () => {
    const chain = decodeChain(
      new SliceSource(bytes('xx')),
      [{ name: 'FlateDecode' }, { name: 'DCTDecode' }],
      1,
    );
    expect(chain.image).toBe(true);
  });
});

describe('decompression bomb check', () => {
  const small = { maxStreamBytes: 1024 * 1024, minTotalBytes: 3 * 1024 * 1024, maxTotalRatio: 100 };

  it('measures every stream, and refuses one that expands past the limit', () => {
    const ok = pdfWith([['/Filter /FlateDecode', deflateSync(Buffer.alloc(1024 * 1024))]]);
    expect(checkPdfStreams(ok, small)).toMatchObject({ streams: 1, decodedBytes: 1024 * 1024 });
    const bomb = pdfWith([['/Filter /FlateDecode', deflateSync(Buffer.alloc(1024 * 1024 + 1))]]);
    expect(() => checkPdfStreams(bomb, small)).toThrow(
      'The PDF contains a compressed stream that expands to more than 1 MB; it cannot be distributed safely',
    );
    const lzwBomb = pdfWith([['/Filter /LZWDecode', lzw(Buffer.alloc(2 * 1024 * 1024))]]);
    expect(() => checkPdfStreams(lzwBomb, small)).toThrow(/expands to more than 1 MB/);
  });

  it('refuses streams that pass the total together', () => {
    const four = pdfWith(
      Array.from({ length: 4 }, (): [string, Uint8Array] => [
        '/Filter /Fl',
        deflateSync(Buffer.alloc(900 * 1024)),
      ]),
    );
    expect(() => checkPdfStreams(four, small)).toThrow(
      "The PDF's compressed streams expand to more than 3 MB in all (100 times the file's size or more); it cannot be distributed safely",
    );
  });

  it('finds filters through references and abbreviations, and inline images in content', () => {
    const viaRef = Buffer.from(`%PDF-1.7\n4 0 obj << /F#69lter 5 0 R /Length 6 0 R >>\nstream\n`, 'latin1');
    const data = deflateSync(Buffer.alloc(2 * 1024 * 1024));
    const file = Buffer.concat([
      viaRef,
      data,
      Buffer.from(
        `\nendstream\nendobj\n5 0 obj /FlateDecode endobj\n6 0 obj ${data.length} endobj\n%%EOF\n`,
        'latin1',
      ),
    ]);
    expect(() => checkPdfStreams(new Uint8Array(file), small)).toThrow(/expands to more than 1 MB/);
    const inline = Buffer.concat([
      Buffer.from('q BI /W 2048 /H 1024 /CS /G /BPC 8 /F [/AHx /Fl] ID ', 'latin1'),
      Buffer.from(`${deflateSync(Buffer.alloc(2 * 1024 * 1024)).toString('hex')}>`, 'latin1'),
      Buffer.from(' EI Q', 'latin1'),
    ]);
    expect(() => checkPdfStreams(pdfWith([['', inline]]), small)).toThrow(/expands to more than 1 MB/);
  });

  it('reads encrypted PDFs with the empty password (AES-256) and every corpus file within the limits', () => {
    const dir = '/work/shared/corpus/pdfs';
    let files: string[] = [];
    try {
      files = ['empty_protected.pdf', 'tracemonkey.pdf', 'TAMReview.pdf', 'mixedfonts.pdf'].filter((f) =>
        readFileSync(`${dir}/${f}`),
      );
    } catch {
      return;
    }
    for (const f of files) {
      const report = checkPdfStreams(new Uint8Array(readFileSync(`${dir}/${f}`)));
      expect(report.decodedBytes).toBeGreaterThan(0);
      if (f === 'empty_protected.pdf') expect(report.decrypted).toBe(true);
    }
  });

  it('refuses a file built to make the walk itself slow', () => {
    const deep = Buffer.from(`%PDF-1.7\n1 0 obj ${'['.repeat(100_000)}\n%%EOF`, 'latin1');
    expect(() => checkPdfStreams(new Uint8Array(deep))).toThrow(/takes too much work to check safely/);
  });
});
