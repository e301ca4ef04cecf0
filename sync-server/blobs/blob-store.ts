import { createHash } from 'node:crypto';
import {
  chmodSync,
  existsSync,
  mkdirSync,
  readdirSync,
  renameSync,
  rmSync,
  statSync,
  utimesSync,
} from 'node:fs';
import { join } from 'node:path';
import { fsyncDir, fsyncFile, writeFileDurably } from '../runtime/durable-files';
import { ensurePrivateDir, makePrivate, PRIVATE_DIR_MODE, PRIVATE_FILE_MODE } from '../runtime/private-files';
import { asStorageError } from './insufficient-storage';

const SHA256_HEX = /^[0-9a-f]{64}$/;
const SHARD = /^[0-9a-f]{2}$/;

/** A blob file on disk, as listed by {@link BlobStore.list}. */
export interface StoredBlob {
  readonly sha256: string;
  /** Last write, or the last time an upload of the same bytes was adopted. */
  readonly mtimeMs: number;
}

/**
 * Document bytes, stored once each under their SHA-256 (`blobs/ab/cdef…`). Writes go to a
 * temp file first and are renamed into place, so a reader never sees half a file; the file and
 * its directory are flushed before the method returns, so the command that refers to the blob
 * commits only once the bytes would survive a power cut. Files are 0600 in 0700 directories
 * (the documents may be confidential). A disk that fills up is an InsufficientStorageError.
 *
 * The store does not know which blobs are in use: deleting one is the job of the
 * `document.purge-bytes` command, after its commit.
 */
export class BlobStore {
  constructor(private readonly root: string) {
    ensurePrivateDir(root);
    this.tightenExisting();
  }

  /** Where the blob with this hash lives (whether or not it exists). */
  pathOf(sha256: string): string {
    if (!SHA256_HEX.test(sha256)) throw new Error('not a sha256 hex digest');
    return join(this.root, sha256.slice(0, 2), sha256.slice(2));
  }

  has(sha256: string): boolean {
    return SHA256_HEX.test(sha256) && existsSync(this.pathOf(sha256));
  }

  size(sha256: string): number {
    return statSync(this.pathOf(sha256)).size;
  }

  /** Stores bytes; storing the same bytes twice keeps one copy. */
  put(bytes: Uint8Array): { sha256: string; byteSize: number } {
    const sha256 = createHash('sha256').update(bytes).digest('hex');
    const path = this.pathOf(sha256);
    if (existsSync(path)) {
      this.touch(path);
      return { sha256, byteSize: bytes.byteLength };
    }
    try {
      this.ensureShard(sha256);
      writeFileDurably(path, bytes, PRIVATE_FILE_MODE);
    } catch (err) {
      throw asStorageError(err);
    }
    return { sha256, byteSize: bytes.byteLength };
  }

  /**
   * Moves an already hashed file (a finished upload on the same file system) into the store;
   * when the blob exists already the file is simply removed. The caller vouches for the hash.
   */
  adoptFile(tmpPath: string, sha256: string): void {
    const path = this.pathOf(sha256);
    if (existsSync(path)) {
      rmSync(tmpPath, { force: true });
      // Restarts the grace period of the start-up sweep: a command is about to refer to it.
      this.touch(path);
      return;
    }
    try {
      // A converted office file was written by LibreOffice, with its own idea of modes.
      chmodSync(tmpPath, PRIVATE_FILE_MODE);
      fsyncFile(tmpPath);
      this.ensureShard(sha256);
      renameSync(tmpPath, path);
      this.touch(path);
      fsyncDir(join(this.root, sha256.slice(0, 2)));
    } catch (err) {
      throw asStorageError(err);
    }
  }

  /**
   * Deletes a blob's file (the caller has made sure nothing refers to it) and flushes the
   * directory, so deleted bytes stay deleted after a power cut. False when it was not there.
   */
  remove(sha256: string): boolean {
    const path = this.pathOf(sha256);
    if (!existsSync(path)) return false;
    rmSync(path, { force: true });
    fsyncDir(join(this.root, sha256.slice(0, 2)));
    return true;
  }

  /** Every blob on disk, in no particular order. */
  list(): StoredBlob[] {
    const blobs: StoredBlob[] = [];
    for (const shard of this.shards()) {
      for (const name of readdirSync(join(this.root, shard))) {
        const sha256 = shard + name;
        if (!SHA256_HEX.test(sha256)) continue;
        try {
          blobs.push({ sha256, mtimeMs: statSync(join(this.root, shard, name)).mtimeMs });
        } catch {
          // Removed meanwhile.
        }
      }
    }
    return blobs;
  }

  /** Deletes temp files of writes a crash interrupted, when older than `olderThanMs`; returns how many. */
  removeStaleTemps(olderThanMs: number): number {
    let removed = 0;
    for (const shard of this.shards()) {
      for (const name of readdirSync(join(this.root, shard))) {
        if (!name.endsWith('.tmp')) continue;
        const path = join(this.root, shard, name);
        try {
          if (statSync(path).mtimeMs < olderThanMs) {
            rmSync(path, { force: true });
            removed++;
          }
        } catch {
          // Removed meanwhile.
        }
      }
    }
    return removed;
  }

  private shards(): string[] {
    return readdirSync(this.root).filter((name) => SHARD.test(name));
  }

  private ensureShard(sha256: string): void {
    const dir = join(this.root, sha256.slice(0, 2));
    if (existsSync(dir)) return;
    mkdirSync(dir, { mode: PRIVATE_DIR_MODE });
    fsyncDir(this.root);
  }

  private touch(path: string): void {
    const now = new Date();
    utimesSync(path, now, now);
  }

  /** An install made by an older build had world-readable blobs: make them private. */
  private tightenExisting(): void {
    for (const shard of this.shards()) {
      const dir = join(this.root, shard);
      makePrivate(dir);
      for (const name of readdirSync(dir)) makePrivate(join(dir, name));
    }
  }
}
