import { readFile } from 'node:fs/promises';

/**
 * Keeps recently served blobs in memory, least recently used first out, within a byte budget.
 * When a room's 200 laptops fetch the same documents at once, every request after the first
 * is a memory copy instead of a file read, and concurrent first requests share one read.
 * Blobs are content-addressed and never change, so nothing here is ever stale.
 */
export class BlobMemoryCache {
  /** Cached bytes by hash; Map order is recency (oldest first). */
  private readonly entries = new Map<string, Buffer>();
  /** Reads in flight, so simultaneous misses for one blob read it once. */
  private readonly loading = new Map<string, Promise<Buffer>>();
  private usedBytes = 0;

  constructor(
    private readonly budgetBytes: number,
    /** Larger blobs are always streamed from disk: one of them would evict everything else. */
    private readonly maxItemBytes: number = Math.floor(budgetBytes / 4),
  ) {}

  get size(): number {
    return this.usedBytes;
  }

  /** Whether a blob of this size is ever kept. */
  accepts(byteSize: number): boolean {
    return byteSize > 0 && byteSize <= this.maxItemBytes && byteSize <= this.budgetBytes;
  }

  /** The blob's bytes from memory, reading `path` on a miss; null when it is too big to keep. */
  async get(sha256: string, path: string, byteSize: number): Promise<Buffer | null> {
    if (!this.accepts(byteSize)) return null;
    const hit = this.entries.get(sha256);
    if (hit) {
      this.entries.delete(sha256);
      this.entries.set(sha256, hit);
      return hit;
    }
    let pending = this.loading.get(sha256);
    if (!pending) {
      pending = readFile(path).finally(() => this.loading.delete(sha256));
      this.loading.set(sha256, pending);
      pending.then(
        (bytes) => this.insert(sha256, bytes),
        () => {},
      );
    }
    return pending;
  }

  private insert(sha256: string, bytes: Buffer): void {
    if (this.entries.has(sha256) || !this.accepts(bytes.byteLength)) return;
    for (const [key, value] of this.entries) {
      if (this.usedBytes + bytes.byteLength <= this.budgetBytes) break;
      this.entries.delete(key);
      this.usedBytes -= value.byteLength;
    }
    this.entries.set(sha256, bytes);
    this.usedBytes += bytes.byteLength;
  }
}
