/**
 * The desktop app's document cache: files under `<userData>/document-cache`, named by the
 * SHA-256 of their bytes like the room server's blob store (`ab/cdef…`).
 *
 * A download arrives as appended chunks in `partial/<sha256>.part`, which survives a restart
 * so the download resumes where it stopped. `commit` hashes the whole partial file, and only
 * when the hash equals the name does it flush the file to disk and rename it into place, so
 * a reader sees either no file or the complete, verified one — never half a file. Every name
 * is checked against /^[0-9a-f]{64}$/ before it touches a path, so no argument can reach
 * outside the folder.
 *
 * Plain Node (no electron import): unit-tested with a temp folder.
 */
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { type FileHandle, mkdir, open, readdir, readFile, rename, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import {
  assertCacheName,
  CacheChecksumError,
  type CacheEntryInfo,
  type CacheEntryState,
  CacheOffsetError,
  type CacheRange,
  SHA256_HEX,
} from '#ipc/cache';

const PARTIAL_DIR = 'partial';
const PARTIAL_SUFFIX = '.part';

/** No meeting document is this big (the room server's upload limit defaults to 200 MB). */
export const MAX_DOCUMENT_BYTES = 2 * 1024 * 1024 * 1024;

/** A write that would make a document larger than {@link MAX_DOCUMENT_BYTES}. */
export class CacheTooLargeError extends Error {
  override readonly name = 'CacheTooLargeError';
  constructor() {
    super(`a cached document may not exceed ${MAX_DOCUMENT_BYTES} bytes`);
  }
}

function isNotFound(error: unknown): boolean {
  return (error as NodeJS.ErrnoException | null)?.code === 'ENOENT';
}

async function sizeOf(path: string): Promise<number | null> {
  try {
    return (await stat(path)).size;
  } catch (error) {
    if (isNotFound(error)) return null;
    throw error;
  }
}

async function hashFile(path: string): Promise<{ sha256: string; size: number }> {
  const hash = createHash('sha256');
  let size = 0;
  for await (const chunk of createReadStream(path, { highWaterMark: 1024 * 1024 })) {
    const bytes = chunk as Buffer;
    hash.update(bytes);
    size += bytes.byteLength;
  }
  return { sha256: hash.digest('hex'), size };
}

/** See the module comment. */
export class NodeDocumentCache {
  /** Per-name queue: appends, commits and deletes of one hash never overlap. */
  private readonly locks = new Map<string, Promise<unknown>>();

  constructor(
    /** The cache folder; created on first write. */
    readonly rootDir: string,
  ) {}

  /** Where the complete copy of `sha256` lives (whether or not it exists). */
  pathOf(sha256: string): string {
    assertCacheName(sha256);
    return join(this.rootDir, sha256.slice(0, 2), sha256.slice(2));
  }

  private partialPathOf(sha256: string): string {
    assertCacheName(sha256);
    return join(this.rootDir, PARTIAL_DIR, `${sha256}${PARTIAL_SUFFIX}`);
  }

  /** Runs `task` after every earlier task on the same name has finished. */
  private serialized<T>(sha256: string, task: () => Promise<T>): Promise<T> {
    const previous = this.locks.get(sha256) ?? Promise.resolve();
    const next = previous.then(task, task);
    const settled = next.then(
      () => undefined,
      () => undefined,
    );
    this.locks.set(sha256, settled);
    void settled.then(() => {
      if (this.locks.get(sha256) === settled) this.locks.delete(sha256);
    });
    return next;
  }

  /** Whether a complete copy exists, and the size of the partial one. */
  async state(sha256: string): Promise<CacheEntryState> {
    const finalPath = this.pathOf(sha256);
    if ((await sizeOf(finalPath)) !== null) return { complete: true, partialBytes: 0 };
    return { complete: false, partialBytes: (await sizeOf(this.partialPathOf(sha256))) ?? 0 };
  }

  /** The complete copy, or null. Never a partial copy. */
  async read(sha256: string): Promise<Uint8Array | null> {
    try {
      const buffer = await readFile(this.pathOf(sha256));
      // A plain Uint8Array (not a Buffer) is what crosses IPC and what the renderer expects.
      return new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength);
    } catch (error) {
      if (isNotFound(error)) return null;
      throw error;
    }
  }

  /**
   * `length` bytes of the complete copy from `offset` (fewer at the end of the file) with the
   * file's size, or null when there is no complete copy. Reads through a file handle, so a
   * viewer asking for a few pages of a large document never loads the rest. A committed file
   * is only ever replaced by a rename, so an open handle always reads verified bytes.
   */
  async readRange(sha256: string, offset: number, length: number): Promise<CacheRange | null> {
    let handle: FileHandle;
    try {
      handle = await open(this.pathOf(sha256), 'r');
    } catch (error) {
      if (isNotFound(error)) return null;
      throw error;
    }
    try {
      const byteSize = (await handle.stat()).size;
      const wanted = Math.max(0, Math.min(length, byteSize - offset));
      const bytes = new Uint8Array(wanted);
      let filled = 0;
      // A read may return fewer bytes than asked; stop at a short read (the file cannot grow).
      while (filled < wanted) {
        const { bytesRead } = await handle.read(bytes, filled, wanted - filled, offset + filled);
        if (bytesRead === 0) break;
        filled += bytesRead;
      }
      return { byteSize, bytes: filled === wanted ? bytes : bytes.slice(0, filled) };
    } finally {
      await handle.close();
    }
  }

  /**
   * Appends `bytes` to the partial copy. `offset` must equal its current size
   * ({@link CacheOffsetError} otherwise); returns the new size.
   */
  appendChunk(sha256: string, offset: number, bytes: Uint8Array): Promise<number> {
    assertCacheName(sha256);
    return this.serialized(sha256, async () => {
      const finalSize = await sizeOf(this.pathOf(sha256));
      if (finalSize !== null) throw new CacheOffsetError(finalSize);
      const partialPath = this.partialPathOf(sha256);
      const stored = (await sizeOf(partialPath)) ?? 0;
      if (offset !== stored) throw new CacheOffsetError(stored);
      if (stored + bytes.byteLength > MAX_DOCUMENT_BYTES) throw new CacheTooLargeError();
      await mkdir(join(this.rootDir, PARTIAL_DIR), { recursive: true });
      const handle = await open(partialPath, 'a');
      try {
        await handle.write(bytes);
      } finally {
        await handle.close();
      }
      return stored + bytes.byteLength;
    });
  }

  /**
   * Verifies the partial copy (SHA-256 equal to its name, and `expectedSize` when given),
   * flushes it to disk and renames it into place. On a mismatch the partial copy is
   * deleted and {@link CacheChecksumError} thrown. A hash already complete is a no-op.
   */
  commit(sha256: string, expectedSize?: number): Promise<void> {
    assertCacheName(sha256);
    return this.serialized(sha256, async () => {
      const finalPath = this.pathOf(sha256);
      if ((await sizeOf(finalPath)) !== null) return;
      const partialPath = this.partialPathOf(sha256);
      let actual: { sha256: string; size: number };
      try {
        actual = await hashFile(partialPath);
      } catch (error) {
        if (isNotFound(error)) throw new CacheChecksumError(sha256, 'nothing stored', 0);
        throw error;
      }
      if (actual.sha256 !== sha256 || (expectedSize !== undefined && actual.size !== expectedSize)) {
        await rm(partialPath, { force: true });
        throw new CacheChecksumError(sha256, actual.sha256, actual.size);
      }
      // Flush before the rename, so a power cut cannot leave a complete-looking empty file.
      const handle = await open(partialPath, 'r+');
      try {
        await handle.sync();
      } finally {
        await handle.close();
      }
      await mkdir(join(this.rootDir, sha256.slice(0, 2)), { recursive: true });
      await rename(partialPath, finalPath);
    });
  }

  /** Drops the partial copy only. */
  discardPartial(sha256: string): Promise<void> {
    assertCacheName(sha256);
    return this.serialized(sha256, () => rm(this.partialPathOf(sha256), { force: true }));
  }

  /** Removes both copies. */
  delete(sha256: string): Promise<void> {
    assertCacheName(sha256);
    return this.serialized(sha256, async () => {
      await rm(this.pathOf(sha256), { force: true });
      await rm(this.partialPathOf(sha256), { force: true });
    });
  }

  /** Every stored entry, complete or partial. Stray files that are not cache names are ignored. */
  async list(): Promise<CacheEntryInfo[]> {
    const entries = new Map<string, CacheEntryInfo>();
    let top: string[];
    try {
      top = await readdir(this.rootDir);
    } catch (error) {
      if (isNotFound(error)) return [];
      throw error;
    }
    for (const dir of top) {
      if (!/^[0-9a-f]{2}$/.test(dir)) continue;
      for (const rest of await readdir(join(this.rootDir, dir))) {
        const sha256 = `${dir}${rest}`;
        if (!SHA256_HEX.test(sha256)) continue;
        const size = await sizeOf(join(this.rootDir, dir, rest));
        if (size !== null) entries.set(sha256, { sha256, complete: true, partialBytes: 0, byteSize: size });
      }
    }
    let partials: string[] = [];
    try {
      partials = await readdir(join(this.rootDir, PARTIAL_DIR));
    } catch (error) {
      if (!isNotFound(error)) throw error;
    }
    for (const name of partials) {
      if (!name.endsWith(PARTIAL_SUFFIX)) continue;
      const sha256 = name.slice(0, -PARTIAL_SUFFIX.length);
      if (!SHA256_HEX.test(sha256) || entries.has(sha256)) continue;
      const size = await sizeOf(join(this.rootDir, PARTIAL_DIR, name));
      if (size !== null) entries.set(sha256, { sha256, complete: false, partialBytes: size, byteSize: size });
    }
    return [...entries.values()].sort((a, b) => a.sha256.localeCompare(b.sha256));
  }
}
