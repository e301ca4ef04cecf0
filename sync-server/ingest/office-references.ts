/**
 * Finds what an office file would make LibreOffice load from outside itself while converting
 * it: a linked (not embedded) picture, object, section, spreadsheet range or template on a web
 * server, or a file on the room server's own disk. Hyperlinks are not references: nothing
 * follows them during a conversion.
 *
 * ODF and OOXML files are ZIP packages and are read properly: every XML part is inflated as a
 * stream (never whole) and its `xlink:href` attributes (ODF), external relationships (OOXML)
 * and INCLUDEPICTURE-style field codes (Word) are checked. Older binary formats, RTF and
 * HTML-or-XML saved under an office name are searched for addresses as bytes (ASCII and
 * UTF-16), which also finds hyperlinks: for them "remote" errs on the side of yes.
 */
import { open } from 'node:fs/promises';
import { TextDecoder } from 'node:util';
import { createInflateRaw } from 'node:zlib';

/** Something outside the file that converting it would load. */
export interface ExternalReference {
  /** `remote`: a network address; `local`: a file on the server (path, file: URL, a link climbing out of the package). */
  readonly kind: 'remote' | 'local';
  /** The address or path as written (shortened for messages). */
  readonly target: string;
  /** Where in the file: a package part, or "the file" for formats read as bytes. */
  readonly where: string;
}

/** Parts larger than this when inflated are not real XML parts of a document; the package is refused. */
const MAX_PART_BYTES = 512 * 1024 * 1024;
/** A tag longer than this (a start tag with its attributes) is treated as hostile. */
const MAX_TAG_CHARS = 1024 * 1024;

/**
 * The first reference to something outside the file that LibreOffice could load while
 * converting it; null when there is none. With `remoteAllowed` (the converter runs without a
 * network) only local references are looked for.
 */
export async function findExternalReference(
  path: string,
  remoteAllowed: boolean,
): Promise<ExternalReference | null> {
  const fh = await open(path, 'r');
  try {
    const { size } = await fh.stat();
    const entries = await readZipDirectory(fh, size);
    if (entries) {
      // Every part, whatever its name (an OOXML document part can be called anything): those
      // that are not XML are told apart by their first bytes.
      for (const entry of entries) {
        const found = await scanXmlPart(fh, entry, remoteAllowed);
        if (found) return found;
      }
      return null;
    }
    return await scanBytes(fh, size, remoteAllowed);
  } finally {
    await fh.close();
  }
}

// --- ZIP packages ------------------------------------------------------------------------------

interface ZipEntry {
  readonly name: string;
  readonly method: number;
  readonly compressedSize: number;
  readonly localHeaderOffset: number;
}

type FileHandle = Awaited<ReturnType<typeof open>>;

async function readAt(fh: FileHandle, position: number, length: number): Promise<Buffer> {
  const buf = Buffer.alloc(length);
  const { bytesRead } = await fh.read(buf, 0, length, position);
  return buf.subarray(0, bytesRead);
}

/** The central directory of a ZIP file, or null when the file is not one we can read. */
async function readZipDirectory(fh: FileHandle, size: number): Promise<ZipEntry[] | null> {
  if (size < 22) return null;
  const head = await readAt(fh, 0, 4);
  if (head.readUInt32LE(0) !== 0x04034b50) return null;
  const tailLength = Math.min(size, 22 + 0xffff);
  const tail = await readAt(fh, size - tailLength, tailLength);
  const eocd = tail.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  if (eocd < 0 || eocd + 22 > tail.length) return null;
  const count = tail.readUInt16LE(eocd + 10);
  const cdSize = tail.readUInt32LE(eocd + 12);
  const cdOffset = tail.readUInt32LE(eocd + 16);
  // ZIP64 or inconsistent: not an office document we can vouch for; read it as bytes instead.
  if (count === 0xffff || cdSize === 0xffffffff || cdOffset === 0xffffffff) return null;
  if (cdOffset + cdSize > size || cdSize > 64 * 1024 * 1024) return null;
  const cd = await readAt(fh, cdOffset, cdSize);
  const entries: ZipEntry[] = [];
  let p = 0;
  for (let i = 0; i < count; i++) {
    if (p + 46 > cd.length || cd.readUInt32LE(p) !== 0x02014b50) return null;
    const method = cd.readUInt16LE(p + 10);
    const compressedSize = cd.readUInt32LE(p + 20);
    const nameLength = cd.readUInt16LE(p + 28);
    const extraLength = cd.readUInt16LE(p + 30);
    const commentLength = cd.readUInt16LE(p + 32);
    const localHeaderOffset = cd.readUInt32LE(p + 42);
    const name = cd.subarray(p + 46, p + 46 + nameLength).toString('utf8');
    entries.push({ name, method, compressedSize, localHeaderOffset });
    p += 46 + nameLength + extraLength + commentLength;
  }
  return entries;
}

/** Encodings that keep `<`, `"`, `'`, `=` and ASCII letters as they are (or UTF-16, decoded as such). */
const READABLE_ENCODINGS =
  /^(utf-?8|us-ascii|ascii|iso-8859-\d+|latin-?1|windows-125\d|cp125\d|shift_jis|euc-jp|euc-kr|gb2312|gbk|gb18030|big5|koi8-[ru]|utf-16(le|be)?)$/i;

/**
 * How to read a part as text from its first bytes: 'skip' for what is not XML (pictures …),
 * null for XML in an encoding LibreOffice's parser may read but this scan cannot (EBCDIC,
 * UTF-7, UTF-32: a way to hide a link), else a TextDecoder label.
 */
function xmlEncoding(head: Buffer): string | 'skip' | null {
  const starts = (...b: number[]): boolean => b.every((x, i) => head[i] === x);
  if (starts(0x00, 0x00, 0xfe, 0xff) || starts(0xff, 0xfe, 0x00, 0x00)) return null;
  if (starts(0x3c, 0x00, 0x00, 0x00) || starts(0x00, 0x00, 0x00, 0x3c)) return null;
  if (starts(0x4c, 0x6f, 0xa7, 0x94) || starts(0x2b, 0x41, 0x44, 0x77)) return null;
  if (starts(0xff, 0xfe) || starts(0x3c, 0x00)) return 'utf-16le';
  if (starts(0xfe, 0xff) || starts(0x00, 0x3c)) return 'utf-16be';
  const text = head
    .subarray(0, 512)
    .toString('latin1')
    .replace(/^\uFEFF|^\xEF\xBB\xBF/, '');
  if (!text.trimStart().startsWith('<')) return 'skip';
  const declared = /^\s*<\?xml[^>]*encoding\s*=\s*["']([^"']+)["']/.exec(text)?.[1];
  if (declared !== undefined && !READABLE_ENCODINGS.test(declared.trim())) return null;
  return 'utf-8';
}

/** The inflated bytes of a ZIP entry, as chunks. */
async function* entryChunks(fh: FileHandle, entry: ZipEntry): AsyncGenerator<Buffer> {
  const local = await readAt(fh, entry.localHeaderOffset, 30);
  if (local.length < 30 || local.readUInt32LE(0) !== 0x04034b50) return;
  let pos = entry.localHeaderOffset + 30 + local.readUInt16LE(26) + local.readUInt16LE(28);
  const end = pos + entry.compressedSize;
  const raw = async function* (): AsyncGenerator<Buffer> {
    while (pos < end) {
      const chunk = await readAt(fh, pos, Math.min(1024 * 1024, end - pos));
      if (chunk.length === 0) return;
      pos += chunk.length;
      yield chunk;
    }
  };
  if (entry.method === 0) {
    yield* raw();
    return;
  }
  if (entry.method !== 8) return;
  const inflate = createInflateRaw();
  const feed = (async () => {
    try {
      for await (const chunk of raw()) {
        if (!inflate.write(chunk)) await new Promise((r) => inflate.once('drain', r));
      }
      inflate.end();
    } catch (err) {
      inflate.destroy(err as Error);
    }
  })();
  try {
    for await (const chunk of inflate) yield chunk as Buffer;
  } catch {
    // A damaged entry: LibreOffice cannot read it either.
  } finally {
    inflate.destroy();
    await feed;
  }
}

/**
 * ODF elements (by local name: prefixes are the file's to choose) whose xlink:href is a
 * hyperlink, followed on a click and never while converting.
 */
const HYPERLINK_ELEMENTS = new Set(['a', 'area-rectangle', 'area-circle', 'area-polygon', 'form', 'button']);

/** OOXML relationship types whose targets nothing loads while converting. */
const OOXML_NOT_LOADED = /\/(hyperlink|attachedTemplate)$/;

/** Word field codes that pull in another file or address (each field starts with U+E000 below). */
const INCLUDING_FIELD =
  /(?:^|\uE000)\s*(INCLUDEPICTURE|INCLUDETEXT|INCLUDE|IMPORT|LINK|DDEAUTO|DDE)\b([^\uE000]*)/i;

const localName = (qualified: string): string => qualified.slice(qualified.indexOf(':') + 1);

async function scanXmlPart(
  fh: FileHandle,
  entry: ZipEntry,
  remoteAllowed: boolean,
): Promise<ExternalReference | null> {
  let pending = '';
  let total = 0;
  /** The part's field instructions (the tail is enough), each field starting with U+E000. */
  let instr = '';
  let inInstr = false;
  // Relationship targets are relative to the folder of the part they belong to:
  // "word/_rels/document.xml.rels" → "word/", "_rels/.rels" → the root.
  const relsBase = entry.name.replace(/(^|\/)_rels\/[^/]+\.rels$/, '$1');
  const found = (kind: 'remote' | 'local' | null, target: string): ExternalReference | null =>
    kind === null || (kind === 'remote' && remoteAllowed)
      ? null
      : { kind, target: shorten(target), where: entry.name };
  const fieldReference = (code: string): ExternalReference | null => {
    const field = INCLUDING_FIELD.exec(code);
    if (!field) return null;
    const target = fieldTarget(field[1]!.toUpperCase(), field[2]!);
    // A field that loads something finds a bare name next to the document: on the disk.
    return found(target ? (classifyTarget(target, null) ?? 'local') : 'local', target ?? field[0].trim());
  };

  let decoder: TextDecoder | null = null;
  for await (const chunk of entryChunks(fh, entry)) {
    if (!decoder) {
      const encoding = xmlEncoding(chunk);
      if (encoding === 'skip') return null;
      if (encoding === null) {
        return { kind: 'local', target: 'XML in an encoding the check cannot read', where: entry.name };
      }
      decoder = new TextDecoder(encoding);
    }
    total += chunk.length;
    if (total > MAX_PART_BYTES) {
      return { kind: 'local', target: `a part of ${formatSize(total)} or more`, where: entry.name };
    }
    const text = pending + decoder.decode(chunk, { stream: true });
    let p = 0;
    for (;;) {
      const lt = text.indexOf('<', p);
      if (inInstr) instr = (instr + text.slice(p, lt < 0 ? text.length : lt)).slice(-4096);
      if (lt < 0) {
        p = text.length;
        break;
      }
      const gt = tagEnd(text, lt);
      if (gt < 0) {
        p = lt;
        break;
      }
      const tag = text.slice(lt, gt + 1);
      p = gt + 1;
      if (/^<!ENTITY/i.test(tag) || (/^<!DOCTYPE/i.test(tag) && tag.includes('['))) {
        return { kind: 'local', target: 'an XML entity declaration', where: entry.name };
      }
      const name = localName(/^<[/?]?([^\s/>]+)/.exec(tag)?.[1] ?? '');
      const attrs = attributes(tag);
      if (name === 'instrText') {
        inInstr = !tag.startsWith('</') && !tag.endsWith('/>');
        continue;
      }
      // A field's instruction is complete at its separator or end (it may span many runs).
      const fieldChar = name === 'fldChar' ? attrs.get('fldCharType') : undefined;
      if (fieldChar === 'begin') instr += '\uE000';
      if (fieldChar === 'separate' || fieldChar === 'end') {
        const ref = fieldReference(instr);
        instr = '';
        if (ref) return ref;
      }
      if (name === 'fldSimple') {
        const ref = fieldReference(`\uE000${attrs.get('instr') ?? ''}`);
        if (ref) return ref;
      }
      const href = attrs.get('href');
      if (href !== undefined && !HYPERLINK_ELEMENTS.has(name)) {
        const ref = found(classifyTarget(href, null), href);
        if (ref) return ref;
      }
      if (name === 'Relationship' && !OOXML_NOT_LOADED.test(attrs.get('Type') ?? '')) {
        const target = attrs.get('Target') ?? '';
        const external = (attrs.get('TargetMode') ?? '').toLowerCase() === 'external';
        // An external target without a scheme is a path next to the document: the disk.
        let kind: 'remote' | 'local' | null;
        if (!external) kind = classifyTarget(target, relsBase);
        else kind = target.trim() ? (classifyTarget(target, null) ?? 'local') : null;
        const ref = found(kind, target);
        if (ref) return ref;
      }
    }
    pending = text.slice(p);
    if (pending.length > MAX_TAG_CHARS) {
      return { kind: 'local', target: 'a tag of more than 1 MB', where: entry.name };
    }
  }
  return fieldReference(instr);
}

/** The end ('>') of the tag starting at `lt`, past quoted attribute values; -1 when it is not all there yet. */
function tagEnd(text: string, lt: number): number {
  let quote = 0;
  for (let i = lt + 1; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (quote !== 0) {
      if (c === quote) quote = 0;
    } else if (c === 0x22 || c === 0x27) quote = c;
    else if (c === 0x3e) return i;
  }
  return -1;
}

/** The file or address a Word field names: its first argument (LINK and DDE: the second), unquoted. */
function fieldTarget(field: string, args: string): string | null {
  const tokens = [...args.matchAll(/"((?:[^"\\]|\\.)*)"|(\S+)/g)]
    .filter((m) => !(m[2] ?? '').startsWith('\\'))
    .map((m) => (m[1] ?? m[2] ?? '').replace(/\\\\/g, '\\'));
  const target = field === 'LINK' || field.startsWith('DDE') ? tokens[1] : tokens[0];
  return target ?? null;
}

/** `name="value"` pairs of a start tag by local name (prefixes are the file's to choose), entities decoded. */
function attributes(tag: string): Map<string, string> {
  const attrs = new Map<string, string>();
  for (const m of tag.matchAll(/([^\s=<>/"']+)\s*=\s*(?:"([^"]*)"|'([^']*)')/g)) {
    // Namespace declarations are not links.
    if (m[1]!.startsWith('xmlns')) continue;
    const name = localName(m[1]!);
    if (!attrs.has(name)) attrs.set(name, decodeEntities(m[2] ?? m[3] ?? ''));
  }
  return attrs;
}

function decodeEntities(s: string): string {
  return s.replace(/&(#x[0-9a-f]+|#\d+|amp|lt|gt|quot|apos);/gi, (all, e: string) => {
    const lower = e.toLowerCase();
    if (lower.startsWith('#x')) return String.fromCodePoint(Number.parseInt(lower.slice(2), 16) || 0x3f);
    if (lower.startsWith('#')) return String.fromCodePoint(Number(lower.slice(1)) || 0x3f);
    return { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" }[lower] ?? all;
  });
}

/**
 * Whether a link target leaves the package: `remote` for a network address, `local` for the
 * server's disk (a file: URL, an absolute or drive path, a share, a relative path climbing out
 * of the package), null for a place inside the package. `base` is the folder an OOXML
 * relationship is relative to; null for links in ODF content, where an absolute path is the disk's.
 */
export function classifyTarget(rawTarget: string, base: string | null): 'remote' | 'local' | null {
  const target = rawTarget.trim();
  if (target === '' || target.startsWith('#')) return null;
  const scheme = /^([a-z][a-z0-9+.-]+):/i.exec(target)?.[1]?.toLowerCase();
  if (scheme) {
    if (scheme === 'data' || scheme === 'vnd.sun.star.package' || scheme === 'vnd.sun.star.graphicobject') {
      return null;
    }
    if (scheme === 'file' || scheme.startsWith('vnd.sun.star.')) return 'local';
    return 'remote';
  }
  // "C:\…", "\\server\share", "//server/share", "~/…"
  if (
    /^[a-z]:/i.test(target) ||
    /^[\\/]{2}/.test(target) ||
    target.startsWith('\\') ||
    target.startsWith('~')
  ) {
    return 'local';
  }
  // In an OOXML relationship "/word/media/image1.png" starts at the package's root.
  if (target.startsWith('/')) return base === null ? 'local' : climbs(target.slice(1), '');
  return climbs(target, base ?? '');
}

/** Whether a relative path, resolved from `base` inside the package, climbs above its root. */
function climbs(path: string, base: string): 'local' | null {
  let depth = base.split('/').filter((s) => s.length > 0).length;
  for (const segment of decodePath(path).split(/[\\/]/)) {
    if (segment === '..') {
      if (--depth < 0) return 'local';
    } else if (segment !== '' && segment !== '.') depth++;
  }
  return null;
}

function decodePath(path: string): string {
  try {
    return decodeURIComponent(path);
  } catch {
    return path;
  }
}

function shorten(s: string): string {
  const flat = s.replace(/\s+/g, ' ');
  return flat.length > 120 ? `${flat.slice(0, 117)}…` : flat;
}

function formatSize(bytes: number): string {
  return `${Math.round(bytes / (1024 * 1024))} MB`;
}

// --- Other formats: bytes ---------------------------------------------------------------------

const REMOTE_PATTERNS = ['http://', 'https://', 'ftp://', 'ftps://', 'smb://', 'webdav://', 'davs://'];
const LOCAL_PATTERNS = ['file:/', 'file:\\', 'INCLUDEPICTURE', 'INCLUDETEXT'];

/** Searches a non-ZIP office file for addresses and including fields, in ASCII and UTF-16LE. */
async function scanBytes(
  fh: FileHandle,
  size: number,
  remoteAllowed: boolean,
): Promise<ExternalReference | null> {
  const patterns: { kind: 'remote' | 'local'; bytes: Buffer[] }[] = [
    ...LOCAL_PATTERNS.map((p) => ({ kind: 'local' as const, bytes: encodings(p) })),
    ...(remoteAllowed ? [] : REMOTE_PATTERNS.map((p) => ({ kind: 'remote' as const, bytes: encodings(p) }))),
  ];
  const overlap = 64;
  let carry = Buffer.alloc(0);
  for (let pos = 0; pos < size; ) {
    const chunk = await readAt(fh, pos, Math.min(4 * 1024 * 1024, size - pos));
    if (chunk.length === 0) break;
    pos += chunk.length;
    const window = Buffer.concat([carry, chunk]);
    for (const { kind, bytes } of patterns) {
      for (const b of bytes) {
        const at = indexOfCaseless(window, b);
        if (at >= 0) {
          const wide = b.length > 1 && b[1] === 0;
          const text = wide
            ? window.subarray(at, at + 240).toString('utf16le')
            : window.subarray(at, at + 120).toString('latin1');
          return {
            kind,
            target: shorten(untilControl(text.split(/[\s"'<>)\]}\\]/)[0] ?? text)),
            where: 'the file',
          };
        }
      }
    }
    carry = window.subarray(Math.max(0, window.length - overlap));
  }
  return null;
}

/** The text up to its first control character. */
function untilControl(text: string): string {
  const end = [...text].findIndex((c) => c.charCodeAt(0) < 0x20);
  return end < 0 ? text : text.slice(0, end);
}

function encodings(p: string): Buffer[] {
  return [Buffer.from(p, 'latin1'), Buffer.from(p, 'utf16le')];
}

/** indexOf that also finds the pattern in upper case (RTF and Word write field names in either). */
function indexOfCaseless(hay: Buffer, needle: Buffer): number {
  const lower = Buffer.from(needle.toString('latin1').toLowerCase(), 'latin1');
  const upper = Buffer.from(needle.toString('latin1').toUpperCase(), 'latin1');
  const hits = [hay.indexOf(needle), hay.indexOf(lower), hay.indexOf(upper)].filter((i) => i >= 0);
  return hits.length > 0 ? Math.min(...hits) : -1;
}
