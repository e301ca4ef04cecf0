import { createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const SHA256_HEX = /^[0-9a-f]{64}$/;

/**
 * Document bytes, stored once each under their SHA-256 (`blobs/ab/cdef…`). Writes go to a
 * temp file first and are renamed into place, so a reader never sees half a file.
 */
export class BlobStore {
  constructor(private readonly root: string) {
    mkdirSync(root, { recursive: true });
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
    if (!existsSync(path)) {
      mkdirSync(join(this.root, sha256.slice(0, 2)), { recursive: true });
      const tmp = `${path}.${randomBytes(6).toString('hex')}.tmp`;
      writeFileSync(tmp, bytes, { flag: 'wx' });
      renameSync(tmp, path);
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
      return;
    }
    mkdirSync(join(this.root, sha256.slice(0, 2)), { recursive: true });
    renameSync(tmpPath, path);
  }
}
