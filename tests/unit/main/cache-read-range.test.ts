/**
 * Main's side of `cache:read-range`: NodeDocumentCache reads part of a complete, verified
 * file through a file handle, and the handler answers it over the contract.
 */
import { createHash } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { InvalidCacheNameError } from '#ipc/cache';
import { createCacheHandlers } from '../../../main/cache/cache-handlers';
import { NodeDocumentCache } from '../../../main/cache/document-cache';

const hashOf = (bytes: Uint8Array): string => createHash('sha256').update(bytes).digest('hex');
const bytes = new Uint8Array(200_000).map((_, i) => (i * 7 + 3) & 0xff);
const sha = hashOf(bytes);

let root: string;
let cache: NodeDocumentCache;

beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'paperless-cache-range-'));
  cache = new NodeDocumentCache(join(root, 'document-cache'));
});

afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

describe('NodeDocumentCache.readRange', () => {
  it('reads nothing of a missing or partial copy', async () => {
    expect(await cache.readRange(sha, 0, 10)).toBeNull();
    await cache.appendChunk(sha, 0, bytes);
    expect(await cache.readRange(sha, 0, 10)).toBeNull();
  });

  it('reads any range of the complete copy, with its size, cut at the end', async () => {
    await cache.appendChunk(sha, 0, bytes);
    await cache.commit(sha, bytes.byteLength);
    expect(await cache.readRange(sha, 0, 0)).toEqual({
      byteSize: bytes.byteLength,
      bytes: new Uint8Array(0),
    });
    const middle = await cache.readRange(sha, 123_456, 65_536);
    expect(middle?.byteSize).toBe(bytes.byteLength);
    expect(middle?.bytes).toEqual(bytes.subarray(123_456, 123_456 + 65_536));
    expect((await cache.readRange(sha, bytes.byteLength - 10, 1000))?.bytes).toEqual(bytes.subarray(-10));
    expect((await cache.readRange(sha, bytes.byteLength + 5, 1000))?.bytes).toEqual(new Uint8Array(0));
  });

  it('stops reading once the copy is deleted', async () => {
    await cache.appendChunk(sha, 0, bytes);
    await cache.commit(sha, bytes.byteLength);
    await cache.delete(sha);
    expect(await cache.readRange(sha, 0, 10)).toBeNull();
  });

  it('refuses names that are not hashes before touching a path', async () => {
    await expect(cache.readRange('../../etc/passwd', 0, 10)).rejects.toBeInstanceOf(InvalidCacheNameError);
  });
});

describe('cache:read-range handler', () => {
  it('answers ranges and maps a bad name to bad-request', async () => {
    const handlers = createCacheHandlers(cache);
    await cache.appendChunk(sha, 0, bytes);
    await cache.commit(sha, bytes.byteLength);
    expect(await handlers['cache:read-range'](sha, 10, 5)).toEqual({
      byteSize: bytes.byteLength,
      bytes: bytes.subarray(10, 15),
    });
    expect(await handlers['cache:read-range']('0'.repeat(64), 0, 5)).toBeNull();
    await expect(handlers['cache:read-range']('nope', 0, 5)).rejects.toMatchObject({ code: 'bad-request' });
  });

  it('answers internal without a cache', async () => {
    await expect(createCacheHandlers(undefined)['cache:read-range'](sha, 0, 5)).rejects.toMatchObject({
      code: 'internal',
    });
  });
});
