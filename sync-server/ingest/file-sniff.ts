import { open } from 'node:fs/promises';
import type { ContentKind } from '#common/schemas/error-reasons';

/** How far into a file the PDF header may start (Acrobat tolerates junk before it up to 1 KiB). */
export const PDF_HEADER_WINDOW = 1024;

const PDF_HEADER = Buffer.from('%PDF-', 'latin1');

/** Whether `head` (the first bytes of a file) contains `%PDF-` within the first 1024 bytes. */
export function hasPdfHeader(head: Uint8Array): boolean {
  return Buffer.from(head.buffer, head.byteOffset, Math.min(head.byteLength, PDF_HEADER_WINDOW)).includes(
    PDF_HEADER,
  );
}

/** Reads up to `length` bytes from the start of a file. */
export async function readHead(path: string, length = PDF_HEADER_WINDOW): Promise<Uint8Array> {
  const fh = await open(path, 'r');
  try {
    const buf = Buffer.alloc(length);
    const { bytesRead } = await fh.read(buf, 0, length, 0);
    return buf.subarray(0, bytesRead);
  } finally {
    await fh.close();
  }
}

const startsWith = (head: Uint8Array, bytes: readonly number[], at = 0): boolean =>
  head.byteLength >= at + bytes.length && bytes.every((b, i) => head[at + i] === b);

const ascii = (s: string): number[] => [...s].map((c) => c.charCodeAt(0));

/** Signatures of files people upload by mistake instead of a PDF, most specific first. */
const SIGNATURES: readonly { test: (head: Uint8Array) => boolean; name: string; kind: ContentKind }[] = [
  {
    test: (h) => startsWith(h, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    name: 'PNG image data',
    kind: 'png',
  },
  { test: (h) => startsWith(h, [0xff, 0xd8, 0xff]), name: 'JPEG image data', kind: 'jpeg' },
  {
    test: (h) => startsWith(h, ascii('GIF87a')) || startsWith(h, ascii('GIF89a')),
    name: 'GIF image data',
    kind: 'gif',
  },
  {
    test: (h) => startsWith(h, ascii('RIFF')) && startsWith(h, ascii('WEBP'), 8),
    name: 'WebP image data',
    kind: 'webp',
  },
  {
    test: (h) => startsWith(h, [0x49, 0x49, 0x2a, 0x00]) || startsWith(h, [0x4d, 0x4d, 0x00, 0x2a]),
    name: 'TIFF image data',
    kind: 'tiff',
  },
  { test: (h) => startsWith(h, ascii('BM')) && h.byteLength >= 26, name: 'BMP image data', kind: 'bmp' },
  {
    test: (h) => startsWith(h, [0x50, 0x4b, 0x03, 0x04]) || startsWith(h, [0x50, 0x4b, 0x05, 0x06]),
    name: 'ZIP archive data, as .docx, .xlsx, .pptx and .odt files do',
    kind: 'zip',
  },
  {
    test: (h) => startsWith(h, [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]),
    name: 'old Microsoft Office data, as .doc, .xls and .ppt files do',
    kind: 'ole2',
  },
  { test: (h) => startsWith(h, ascii('{\\rtf')), name: 'RTF text, as .rtf files do', kind: 'rtf' },
  { test: (h) => startsWith(h, [0x1f, 0x8b]), name: 'gzip compressed data', kind: 'gzip' },
  { test: (h) => startsWith(h, ascii('Rar!')), name: 'RAR archive data', kind: 'rar' },
  {
    test: (h) => startsWith(h, [0x37, 0x7a, 0xbc, 0xaf, 0x27, 0x1c]),
    name: '7-Zip archive data',
    kind: '7z',
  },
  { test: (h) => startsWith(h, ascii('AT&TFORM')), name: 'DjVu document data', kind: 'djvu' },
  { test: (h) => startsWith(h, [0x7f, 0x45, 0x4c, 0x46]), name: 'a program (ELF executable)', kind: 'elf' },
  { test: (h) => startsWith(h, ascii('MZ')), name: 'a Windows program (EXE)', kind: 'exe' },
];

/**
 * A short description of what a non-PDF file looks like, for the "This is not a PDF file
 * (it starts with …)" message; null when it is nothing we recognise.
 */
export function describeContent(head: Uint8Array): string | null {
  for (const s of SIGNATURES) if (s.test(head)) return s.name;
  const text = Buffer.from(head.buffer, head.byteOffset, head.byteLength)
    .toString('utf8')
    .replace(/^\uFEFF/, '')
    .trimStart()
    .slice(0, 200)
    .toLowerCase();
  if (text.startsWith('<!doctype html') || text.startsWith('<html')) return 'HTML text (a web page)';
  if (text.startsWith('<?xml') || text.startsWith('<')) return 'XML text';
  if (text.length > 0 && isMostlyText(head)) return 'plain text';
  return null;
}

/**
 * What a non-PDF file looks like, as a code the client translates (the same recognition as
 * {@link describeContent}); `unknown` when it is nothing we recognise.
 */
export function contentKindOf(head: Uint8Array): ContentKind {
  for (const s of SIGNATURES) if (s.test(head)) return s.kind;
  const described = describeContent(head);
  if (described === 'HTML text (a web page)') return 'html';
  if (described === 'XML text') return 'xml';
  if (described === 'plain text') return 'text';
  return 'unknown';
}

/** No NUL bytes and few control characters: probably a text file. */
function isMostlyText(head: Uint8Array): boolean {
  let control = 0;
  for (const b of head) {
    if (b === 0) return false;
    if (b < 0x20 && b !== 0x09 && b !== 0x0a && b !== 0x0d && b !== 0x0c) control++;
  }
  return control <= head.byteLength / 100;
}

/** The lower-case extension of a file name without the dot ('' when there is none). */
export function fileExtension(fileName: string): string {
  const base = fileName.split(/[\\/]/).pop() ?? '';
  const dot = base.lastIndexOf('.');
  return dot >= 0 && dot < base.length - 1 ? base.slice(dot + 1).toLowerCase() : '';
}

const isZip = (h: Uint8Array): boolean => startsWith(h, [0x50, 0x4b, 0x03, 0x04]);
const isOle2 = (h: Uint8Array): boolean => startsWith(h, [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]);
const isRtf = (h: Uint8Array): boolean => startsWith(h, ascii('{\\rtf'));

/**
 * Whether content could be an office file with this extension, before LibreOffice is asked:
 * it opens almost anything as plain text and would happily turn a photo renamed to .docx into
 * pages of garbage. Modern formats are ZIP packages (or OLE2 when password-protected or really
 * an old-format file); old .doc/.xls/.ppt are OLE2, and Word and Excel "documents" are often
 * RTF, HTML or XML saved under those names.
 */
export function isPlausibleOfficeFile(head: Uint8Array, extension: string): boolean {
  if (isZip(head) || isOle2(head)) return true;
  if (extension === 'rtf') return isRtf(head);
  if (extension === 'doc' || extension === 'xls') {
    if (isRtf(head)) return true;
    const what = describeContent(head);
    return what === 'HTML text (a web page)' || what === 'XML text' || what === 'plain text';
  }
  return false;
}
