/**
 * The desktop app's {@link DocumentCache}: files in main (`<userData>/document-cache`) reached
 * over the typed preload API `window.api.cache`. Main verifies the SHA-256 and renames the
 * file into place on commit; this class only unwraps the `{ ok, value | error }` envelopes
 * into values and the cache's typed errors.
 */
import type { RendererApi } from '#ipc/api';
import type { IpcResult } from '#ipc/channels';
import {
  assertCacheName,
  CacheChecksumError,
  type CacheEntryInfo,
  type CacheEntryState,
  CacheOffsetError,
} from '#ipc/cache';
import { assertRange, type DocumentCache } from './document-cache';
import { concatBytes } from './sha256';

/** The cache part of the preload API. */
export type CacheBridge = RendererApi['cache'];

/** A failed cache call other than the two the interface names. */
export class CacheBridgeError extends Error {
  override readonly name = 'CacheBridgeError';
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

/** Main writes (and reads) at most this much per call (the contract's limit is 16 MiB). */
const CHUNK_LIMIT = 8 * 1024 * 1024;

/**
 * A view that spans its whole buffer. Structured clone copies a view's entire underlying
 * buffer across IPC, so a small window on a large buffer is copied out first.
 */
function exactView(bytes: Uint8Array): Uint8Array {
  return bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength ? bytes : bytes.slice();
}

function unwrap<T>(result: IpcResult<T>): T {
  if (result.ok) return result.value;
  throw new CacheBridgeError(result.error.code, result.error.message);
}

/** See the module comment. */
export class IpcDocumentCache implements DocumentCache {
  readonly kind = 'electron' as const;

  constructor(private readonly bridge: CacheBridge) {}

  async state(sha256: string): Promise<CacheEntryState> {
    assertCacheName(sha256);
    return unwrap(await this.bridge.has(sha256));
  }

  async has(sha256: string): Promise<boolean> {
    return (await this.state(sha256)).complete;
  }

  async get(sha256: string): Promise<Uint8Array | null> {
    assertCacheName(sha256);
    return unwrap(await this.bridge.read(sha256));
  }

  async size(sha256: string): Promise<number | null> {
    assertCacheName(sha256);
    return unwrap(await this.bridge.readRange(sha256, 0, 0))?.byteSize ?? null;
  }

  async read(sha256: string, offset: number, length: number): Promise<Uint8Array | null> {
    assertCacheName(sha256);
    assertRange(offset, length);
    const end = offset + length;
    const parts: Uint8Array[] = [];
    let at = offset;
    do {
      const asked = Math.min(CHUNK_LIMIT, end - at);
      const range = unwrap(await this.bridge.readRange(sha256, at, asked));
      if (range === null) return null;
      parts.push(range.bytes);
      at += range.bytes.byteLength;
      // A short answer means the end of the file.
      if (range.bytes.byteLength < asked) break;
    } while (at < end);
    return parts.length === 1 ? (parts[0] as Uint8Array) : concatBytes(parts);
  }

  async appendChunk(sha256: string, offset: number, bytes: Uint8Array): Promise<number> {
    assertCacheName(sha256);
    let stored = offset;
    let at = 0;
    do {
      const part = exactView(bytes.subarray(at, at + CHUNK_LIMIT));
      const result = await this.bridge.writeChunk(sha256, stored, part);
      if (!result.ok && result.error.code === 'conflict') {
        throw new CacheOffsetError((await this.state(sha256)).partialBytes);
      }
      stored = unwrap(result);
      at += CHUNK_LIMIT;
    } while (at < bytes.byteLength);
    return stored;
  }

  async commit(sha256: string, expectedSize?: number): Promise<void> {
    assertCacheName(sha256);
    const size = expectedSize ?? (await this.state(sha256)).partialBytes;
    const result = await this.bridge.commit(sha256, size);
    if (!result.ok && result.error.code === 'checksum-mismatch') {
      throw new CacheChecksumError(sha256, result.error.message);
    }
    unwrap(result);
  }

  async discardPartial(sha256: string): Promise<void> {
    assertCacheName(sha256);
    unwrap(await this.bridge.discardPartial(sha256));
  }

  async list(): Promise<CacheEntryInfo[]> {
    return unwrap(await this.bridge.list());
  }

  async delete(sha256: string): Promise<void> {
    assertCacheName(sha256);
    unwrap(await this.bridge.delete(sha256));
  }
}
