/**
 * The device's store of meeting documents, addressed by the SHA-256 of their bytes (the
 * same name the room server's blob store uses). Two implementations exist: IndexedDB in a
 * plain browser and files under the Electron user-data folder (over the preload API); the
 * download manager and the viewer only see this interface.
 *
 * The contract that matters: `get` never returns half a file. Bytes arrive as appended
 * chunks of a *partial* copy (which survives a reload, so a download resumes where it
 * stopped), and only `commit` — after checking the SHA-256 of the whole — turns a partial
 * copy into a complete one.
 *
 * This module is DOM-free (it is imported by unit tests under Node).
 */

/** 64 lowercase hex digits: the only names the cache accepts. */
const SHA256_HEX = /^[0-9a-f]{64}$/;

/** True when `value` is a SHA-256 hex digest as the server writes it. */
export function isSha256(value: string): boolean {
  return SHA256_HEX.test(value);
}

/** Throws when `value` is not a SHA-256 hex digest (it would otherwise become a key or a path). */
export function assertSha256(value: string): void {
  if (!isSha256(value)) throw new TypeError('not a sha256 hex digest');
}

/** What the cache holds for one hash. */
export interface CacheEntryState {
  /** A verified, complete copy is stored. */
  readonly complete: boolean;
  /** Bytes of an unfinished copy (0 when there is none, or when the copy is complete). */
  readonly partialBytes: number;
}

/** One entry of {@link DocumentCache.list}. */
export interface CacheEntryInfo extends CacheEntryState {
  readonly sha256: string;
  /** Size of the complete copy, or of the partial copy while unfinished. */
  readonly byteSize: number;
}

/** Thrown by `appendChunk` when the chunk does not start where the stored copy ends. */
export class OffsetMismatchError extends Error {
  override readonly name = 'OffsetMismatchError';
  constructor(
    /** Where the stored partial copy really ends: resume from here. */
    readonly storedBytes: number,
  ) {
    super(`chunk does not continue the stored copy (stored ${storedBytes} bytes)`);
  }
}

/**
 * Thrown by `commit` when the bytes do not hash to their name. The partial copy has already
 * been deleted when this is thrown, so a retry starts from zero.
 */
export class ChecksumMismatchError extends Error {
  override readonly name = 'ChecksumMismatchError';
  constructor(
    readonly expected: string,
    readonly actual: string,
  ) {
    super(`downloaded bytes hash to ${actual}, expected ${expected}`);
  }
}

/** The device-side document store; see the module comment for the guarantees. */
export interface DocumentCache {
  /** Which implementation this is, for logs and the status panel. */
  readonly kind: 'indexeddb' | 'electron' | 'memory';
  /** Whether a complete copy exists, and how far a partial one got. */
  state(sha256: string): Promise<CacheEntryState>;
  /** True when a complete, verified copy is stored. */
  has(sha256: string): Promise<boolean>;
  /** The complete copy, or null. Never a partial copy. */
  get(sha256: string): Promise<Uint8Array | null>;
  /**
   * Appends bytes to the partial copy. `offset` must equal the stored length (else
   * {@link OffsetMismatchError}); returns the new stored length.
   */
  appendChunk(sha256: string, offset: number, bytes: Uint8Array): Promise<number>;
  /**
   * Verifies the partial copy against `sha256` (and `expectedSize` when given) and makes it
   * the complete copy. On a mismatch the partial copy is deleted and
   * {@link ChecksumMismatchError} is thrown. Committing an already complete hash is a no-op.
   */
  commit(sha256: string, expectedSize?: number): Promise<void>;
  /** Drops the partial copy only (e.g. the server sent the whole file again). */
  discardPartial(sha256: string): Promise<void>;
  /** Everything stored, complete or not. */
  list(): Promise<CacheEntryInfo[]>;
  /** Removes both copies of a hash. */
  delete(sha256: string): Promise<void>;
}
