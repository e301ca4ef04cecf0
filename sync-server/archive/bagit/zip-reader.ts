import { createReadStream } from 'node:fs';
import { type FileHandle, open } from 'node:fs/promises';
import { Readable } from 'node:stream';
import { createInflateRaw } from 'node:zlib';

/** One file of a zip, as its central directory lists it. */
export interface ZipEntry {
  readonly name: string;
  /** 0 stored, 8 deflated; anything else is refused when read. */
  readonly method: number;
  readonly compressedSize: number;
  readonly size: number;
  readonly localHeaderOffset: number;
}

/** Why a file is not a zip this reader can open. */
export class ZipFormatError extends Error {
  override readonly name = 'ZipFormatError';
}

const EOCD = 0x06054b50;
const CENTRAL = 0x02014b50;
const LOCAL = 0x04034b50;
/** The end record is 22 bytes plus a comment of at most 65,535. */
const EOCD_SEARCH = 22 + 0xffff;
const UTF8_FLAG = 0x800;

/**
 * Reads a zip by its central directory (the authoritative list of entries) and streams one
 * entry at a time from the file, inflating as it goes: nothing but the directory is held in
 * memory. Reading by the directory rather than scanning local headers is what makes a stored
 * entry with a data descriptor (how a streaming writer stores a PDF) readable at all. Zip64 is
 * not read: our packages stay under 4 GiB and 65,535 entries, and a larger one is refused.
 */
export class ZipReader {
  private constructor(
    private readonly path: string,
    private readonly file: FileHandle,
    readonly entries: readonly ZipEntry[],
  ) {}

  static async open(path: string): Promise<ZipReader> {
    const file = await open(path, 'r');
    try {
      return new ZipReader(path, file, await readDirectory(file));
    } catch (err) {
      await file.close();
      throw err;
    }
  }

  /** The entry's uncompressed bytes as a stream. */
  async stream(entry: ZipEntry): Promise<Readable> {
    const header = Buffer.alloc(30);
    await this.file.read(header, 0, 30, entry.localHeaderOffset);
    if (header.readUInt32LE(0) !== LOCAL) throw new ZipFormatError(`no local header for ${entry.name}`);
    const start = entry.localHeaderOffset + 30 + header.readUInt16LE(26) + header.readUInt16LE(28);
    if (entry.compressedSize === 0) return Readable.from([]);
    const raw = createReadStream(this.path, { start, end: start + entry.compressedSize - 1 });
    if (entry.method === 0) return raw;
    if (entry.method !== 8) throw new ZipFormatError(`${entry.name}: compression method ${entry.method}`);
    const inflate = createInflateRaw();
    raw.on('error', (err) => inflate.destroy(err));
    return raw.pipe(inflate);
  }

  async close(): Promise<void> {
    await this.file.close();
  }
}

async function readDirectory(file: FileHandle): Promise<ZipEntry[]> {
  const { size } = await file.stat();
  const tailLength = Math.min(size, EOCD_SEARCH);
  const tail = Buffer.alloc(tailLength);
  await file.read(tail, 0, tailLength, size - tailLength);
  let at = -1;
  for (let i = tailLength - 22; i >= 0; i--) {
    if (tail.readUInt32LE(i) === EOCD) {
      at = i;
      break;
    }
  }
  if (at < 0) throw new ZipFormatError('not a zip file (no end of central directory)');
  const count = tail.readUInt16LE(at + 10);
  const dirSize = tail.readUInt32LE(at + 12);
  const dirOffset = tail.readUInt32LE(at + 16);
  if (count === 0xffff || dirSize === 0xffffffff || dirOffset === 0xffffffff) {
    throw new ZipFormatError('zip64 archives are not supported');
  }
  if (dirOffset + dirSize > size)
    throw new ZipFormatError('the central directory lies past the end of the file');
  const dir = Buffer.alloc(dirSize);
  await file.read(dir, 0, dirSize, dirOffset);
  const entries: ZipEntry[] = [];
  let p = 0;
  for (let n = 0; n < count; n++) {
    if (p + 46 > dir.length || dir.readUInt32LE(p) !== CENTRAL) {
      throw new ZipFormatError('the central directory is damaged');
    }
    const flags = dir.readUInt16LE(p + 8);
    const nameLength = dir.readUInt16LE(p + 28);
    const extraLength = dir.readUInt16LE(p + 30);
    const commentLength = dir.readUInt16LE(p + 32);
    const nameBytes = dir.subarray(p + 46, p + 46 + nameLength);
    const entry: ZipEntry = {
      // Without the UTF-8 flag the name is CP437; our writer sets the flag for every non-ASCII name.
      name: (flags & UTF8_FLAG ? nameBytes.toString('utf8') : nameBytes.toString('latin1')).normalize('NFC'),
      method: dir.readUInt16LE(p + 10),
      compressedSize: dir.readUInt32LE(p + 20),
      size: dir.readUInt32LE(p + 24),
      localHeaderOffset: dir.readUInt32LE(p + 42),
    };
    if (entry.localHeaderOffset + 30 + entry.compressedSize > size) {
      throw new ZipFormatError(`${entry.name} lies past the end of the file`);
    }
    entries.push(entry);
    p += 46 + nameLength + extraLength + commentLength;
  }
  return entries;
}
