/**
 * The document cache's shared vocabulary, written once for its two sides: the Electron main
 * process keeps the files (main/cache/document-cache.ts, reached over the `cache:*` channels)
 * and the renderer keeps IndexedDB or memory copies, or talks to main's (renderer/src/lib/cache/).
 * Names, entry states and the two failures a caller acts on mean the same on both sides.
 *
 * Plain TypeScript: main, preload and renderer all import it, so no Node, DOM or Electron here.
 */

/** 64 lowercase hex digits: a document's name in the cache, the SHA-256 of its bytes. */
export const SHA256_HEX = /^[0-9a-f]{64}$/;

/** True when `value` is a SHA-256 hex digest as the room server writes it. */
export function isSha256(value: unknown): value is string {
  return typeof value === 'string' && SHA256_HEX.test(value);
}

/** A name that is not a SHA-256 hex digest; nothing was touched. */
export class InvalidCacheNameError extends Error {
  override readonly name = 'InvalidCacheNameError';
  constructor() {
    super('cache names are 64 lowercase hex digits');
  }
}

/**
 * Throws {@link InvalidCacheNameError} unless `value` is a SHA-256 hex digest; every name is
 * checked before it becomes a key or a path, so no argument can reach outside the cache.
 */
export function assertCacheName(value: unknown): asserts value is string {
  if (!isSha256(value)) throw new InvalidCacheNameError();
}

/** What the cache holds for one hash (also the answer of `cache:has`). */
export interface CacheEntryState {
  /** A verified, complete copy is stored. */
  readonly complete: boolean;
  /** Bytes of an unfinished copy (0 when there is none, or when the copy is complete). */
  readonly partialBytes: number;
}

/** One entry of a cache's `list` (and of `cache:list`). */
export interface CacheEntryInfo extends CacheEntryState {
  readonly sha256: string;
  /** Size of the complete copy, or of the partial copy while unfinished. */
  readonly byteSize: number;
}

/** A range of a complete copy (the answer of `cache:read-range`). */
export interface CacheRange {
  /** Size of the whole complete copy, so one call both sizes the file and reads its start. */
  readonly byteSize: number;
  /** The bytes asked for, cut short at the end of the file. */
  readonly bytes: Uint8Array;
}

/** An appended chunk does not start where the stored partial copy ends; resume from `storedBytes`. */
export class CacheOffsetError extends Error {
  override readonly name = 'CacheOffsetError';
  constructor(
    /** Where the stored partial copy really ends: resume from here. */
    readonly storedBytes: number,
  ) {
    super(`chunk does not continue the stored copy (stored ${storedBytes} bytes)`);
  }
}

/**
 * A commit found bytes that do not hash to their name (or have the wrong size). The partial
 * copy has already been deleted when this is thrown, so a retry starts from zero.
 */
export class CacheChecksumError extends Error {
  override readonly name = 'CacheChecksumError';
  constructor(
    readonly expected: string,
    /** The hash the stored bytes have (or, across IPC, main's description of it). */
    readonly actual: string,
    /** How many bytes were stored, when known. */
    readonly size: number | null = null,
  ) {
    super(`stored bytes${size === null ? '' : ` (${size})`} hash to ${actual}, expected ${expected}`);
  }
}
