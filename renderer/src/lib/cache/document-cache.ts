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
 * Names, entry states and the two typed failures (`CacheOffsetError`, `CacheChecksumError`)
 * are the ones main's file cache uses too: they live once, in the IPC contract (`#ipc/cache`).
 *
 * This module is DOM-free (it is imported by unit tests under Node).
 */

import type { CacheEntryInfo, CacheEntryState } from '#ipc/cache';

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
  /** Size of the complete copy, or null when there is none. */
  size(sha256: string): Promise<number | null>;
  /**
   * `length` bytes of the complete copy from `offset` (fewer at its end), or null when there is
   * no complete copy: the viewer reads only the parts of a document it draws. Never a partial copy.
   */
  read(sha256: string, offset: number, length: number): Promise<Uint8Array | null>;
  /**
   * Appends bytes to the partial copy. `offset` must equal the stored length (else
   * {@link CacheOffsetError}); returns the new stored length.
   */
  appendChunk(sha256: string, offset: number, bytes: Uint8Array): Promise<number>;
  /**
   * Verifies the partial copy against `sha256` (and `expectedSize` when given) and makes it
   * the complete copy. On a mismatch the partial copy is deleted and
   * {@link CacheChecksumError} is thrown. Committing an already complete hash is a no-op.
   */
  commit(sha256: string, expectedSize?: number): Promise<void>;
  /** Drops the partial copy only (e.g. the server sent the whole file again). */
  discardPartial(sha256: string): Promise<void>;
  /** Everything stored, complete or not. */
  list(): Promise<CacheEntryInfo[]>;
  /** Removes both copies of a hash. */
  delete(sha256: string): Promise<void>;
}

/** Throws a RangeError unless `offset` and `length` are whole numbers ≥ 0 (as main's schema demands). */
export function assertRange(offset: number, length: number): void {
  if (!Number.isSafeInteger(offset) || offset < 0 || !Number.isSafeInteger(length) || length < 0) {
    throw new RangeError(`not a byte range: offset ${offset}, length ${length}`);
  }
}
