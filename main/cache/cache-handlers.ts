/**
 * The `cache:*` IPC handlers over {@link NodeDocumentCache}. Arguments arrive already
 * checked by the contract's zod schemas (and the sender by `handle`); this maps the cache's
 * typed errors to IPC error codes, so paths and stack traces stay in main.
 */
import { CacheChecksumError, CacheOffsetError, InvalidCacheNameError } from '#ipc/cache';
import { IpcFailure } from '../ipc/errors';
import type { HandlerMap } from '../ipc/register';
import { CacheTooLargeError, type NodeDocumentCache } from './document-cache';

/** The cache channels of the handler map. */
export type CacheHandlers = Pick<
  HandlerMap,
  | 'cache:has'
  | 'cache:read'
  | 'cache:read-range'
  | 'cache:write-chunk'
  | 'cache:commit'
  | 'cache:discard-partial'
  | 'cache:list'
  | 'cache:delete'
>;

/** Runs a cache operation, translating its known failures into IPC error codes. */
async function mapped<T>(operation: () => Promise<T>): Promise<T> {
  try {
    return await operation();
  } catch (error) {
    if (error instanceof CacheOffsetError) throw new IpcFailure('conflict', error.message);
    if (error instanceof CacheChecksumError) throw new IpcFailure('checksum-mismatch', error.message);
    if (error instanceof InvalidCacheNameError || error instanceof CacheTooLargeError) {
      throw new IpcFailure('bad-request', error.message);
    }
    throw error;
  }
}

/**
 * Handlers for every cache channel. Without a cache (tests that do not need one) every
 * channel answers `internal`.
 */
export function createCacheHandlers(cache: NodeDocumentCache | undefined): CacheHandlers {
  const use = (): NodeDocumentCache => {
    if (!cache) throw new IpcFailure('internal', 'the document cache is not available');
    return cache;
  };
  return {
    'cache:has': (sha256) => mapped(() => use().state(sha256)),
    'cache:read': (sha256) => mapped(() => use().read(sha256)),
    'cache:read-range': (sha256, offset, length) => mapped(() => use().readRange(sha256, offset, length)),
    'cache:write-chunk': (sha256, offset, bytes) => mapped(() => use().appendChunk(sha256, offset, bytes)),
    'cache:commit': async (sha256, expectedSize) => {
      await mapped(() => use().commit(sha256, expectedSize));
      return null;
    },
    'cache:discard-partial': async (sha256) => {
      await mapped(() => use().discardPartial(sha256));
      return null;
    },
    'cache:list': () => mapped(() => use().list()),
    'cache:delete': async (sha256) => {
      await mapped(() => use().delete(sha256));
      return null;
    },
  };
}
