import { describe, expect, it } from 'vitest';
import type { TextItem } from 'pdfjs-dist/types/src/display/api';
import {
  describeContent,
  fileExtension,
  hasPdfHeader,
  isPlausibleOfficeFile,
} from '../../../sync-server/ingest/file-sniff';
import { formatMegabytes, IngestError } from '../../../sync-server/ingest/ingest-error';
import { joinTextItems, mapPdfjsError, parsePdf, tidyPageText } from '../../../sync-server/ingest/pdf-parse';
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
      [IngestError.notPdf(null), 'invalid_document', 422],
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
    expect(IngestError.notPdf('PNG image data').message).toBe(
      'This is not a PDF file (it starts with PNG image data)',
    );
    expect(IngestError.notPdf(null).message).toBe(
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
