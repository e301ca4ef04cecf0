/**
 * A {@link DocumentCache} in memory: for unit tests, and the last resort when the browser
 * refuses IndexedDB (some private modes), so downloading and reading still work until the
 * tab closes. Same rules as the real ones: appends must continue the stored copy, and only a
 * verified commit makes bytes readable.
 */
import {
  assertCacheName,
  CacheChecksumError,
  type CacheEntryInfo,
  type CacheEntryState,
  CacheOffsetError,
} from '#ipc/cache';
import { assertRange, type DocumentCache } from './document-cache';
import { concatBytes, sha256Hex } from './sha256';

/** See the module comment. */
export class MemoryDocumentCache implements DocumentCache {
  readonly kind = 'memory' as const;
  /** Verified copies. */
  private readonly complete = new Map<string, Uint8Array>();
  /** Unfinished copies, as the chunks that arrived. */
  private readonly partial = new Map<string, Uint8Array[]>();

  async state(sha256: string): Promise<CacheEntryState> {
    assertCacheName(sha256);
    if (this.complete.has(sha256)) return { complete: true, partialBytes: 0 };
    return { complete: false, partialBytes: this.partialLength(sha256) };
  }

  async has(sha256: string): Promise<boolean> {
    return (await this.state(sha256)).complete;
  }

  async get(sha256: string): Promise<Uint8Array | null> {
    assertCacheName(sha256);
    const bytes = this.complete.get(sha256);
    return bytes ? bytes.slice() : null;
  }

  async size(sha256: string): Promise<number | null> {
    assertCacheName(sha256);
    return this.complete.get(sha256)?.byteLength ?? null;
  }

  async read(sha256: string, offset: number, length: number): Promise<Uint8Array | null> {
    assertCacheName(sha256);
    assertRange(offset, length);
    const bytes = this.complete.get(sha256);
    return bytes ? bytes.slice(offset, offset + length) : null;
  }

  async appendChunk(sha256: string, offset: number, bytes: Uint8Array): Promise<number> {
    assertCacheName(sha256);
    const stored = this.partialLength(sha256);
    if (offset !== stored) throw new CacheOffsetError(stored);
    const chunks = this.partial.get(sha256) ?? [];
    chunks.push(bytes.slice());
    this.partial.set(sha256, chunks);
    return stored + bytes.byteLength;
  }

  async commit(sha256: string, expectedSize?: number): Promise<void> {
    assertCacheName(sha256);
    if (this.complete.has(sha256)) return;
    const bytes = concatBytes(this.partial.get(sha256) ?? []);
    const actual = await sha256Hex(bytes);
    if (actual !== sha256 || (expectedSize !== undefined && bytes.byteLength !== expectedSize)) {
      this.partial.delete(sha256);
      throw new CacheChecksumError(sha256, actual);
    }
    this.complete.set(sha256, bytes);
    this.partial.delete(sha256);
  }

  async discardPartial(sha256: string): Promise<void> {
    assertCacheName(sha256);
    this.partial.delete(sha256);
  }

  async list(): Promise<CacheEntryInfo[]> {
    const entries: CacheEntryInfo[] = [];
    for (const [sha256, bytes] of this.complete) {
      entries.push({ sha256, complete: true, partialBytes: 0, byteSize: bytes.byteLength });
    }
    for (const sha256 of this.partial.keys()) {
      if (this.complete.has(sha256)) continue;
      const partialBytes = this.partialLength(sha256);
      entries.push({ sha256, complete: false, partialBytes, byteSize: partialBytes });
    }
    return entries;
  }

  async delete(sha256: string): Promise<void> {
    assertCacheName(sha256);
    this.complete.delete(sha256);
    this.partial.delete(sha256);
  }

  private partialLength(sha256: string): number {
    return (this.partial.get(sha256) ?? []).reduce((sum, chunk) => sum + chunk.byteLength, 0);
  }
}
