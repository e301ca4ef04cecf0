import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CacheChecksumError, CacheOffsetError, InvalidCacheNameError } from '#ipc/cache';
import { NodeDocumentCache } from '../../../main/cache/document-cache';

const hashOf = (bytes: Uint8Array): string => createHash('sha256').update(bytes).digest('hex');

function sampleBytes(length: number, seed = 7): Uint8Array {
  const bytes = new Uint8Array(length);
  let x = seed;
  for (let i = 0; i < length; i += 1) {
    x = (x * 1103515245 + 12345) >>> 0;
    bytes[i] = x >>> 24;
  }
  return bytes;
}

let root: string;
let cache: NodeDocumentCache;

beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'paperless-cache-test-'));
  cache = new NodeDocumentCache(join(root, 'document-cache'));
});

afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

describe('NodeDocumentCache', () => {
  it('stores chunks, verifies on commit and renames into ab/cdef…', async () => {
    const bytes = sampleBytes(300_000);
    const sha = hashOf(bytes);
    expect(await cache.state(sha)).toEqual({ complete: false, partialBytes: 0 });
    expect(await cache.appendChunk(sha, 0, bytes.subarray(0, 100_000))).toBe(100_000);
    expect(await cache.appendChunk(sha, 100_000, bytes.subarray(100_000))).toBe(300_000);
    expect(await cache.state(sha)).toEqual({ complete: false, partialBytes: 300_000 });
    // Never half a file: nothing is readable before the commit.
    expect(await cache.read(sha)).toBeNull();

    await cache.commit(sha, bytes.byteLength);
    expect(await cache.state(sha)).toEqual({ complete: true, partialBytes: 0 });
    expect(existsSync(join(root, 'document-cache', sha.slice(0, 2), sha.slice(2)))).toBe(true);
    expect(Buffer.from((await cache.read(sha)) as Uint8Array).equals(Buffer.from(bytes))).toBe(true);
    expect(await readdir(join(root, 'document-cache', 'partial'))).toEqual([]);
    // Committing again is harmless.
    await cache.commit(sha, bytes.byteLength);
  });

  it('resumes after a restart from the stored length', async () => {
    const bytes = sampleBytes(50_000);
    const sha = hashOf(bytes);
    await cache.appendChunk(sha, 0, bytes.subarray(0, 20_000));
    const reopened = new NodeDocumentCache(join(root, 'document-cache'));
    const { partialBytes } = await reopened.state(sha);
    expect(partialBytes).toBe(20_000);
    await reopened.appendChunk(sha, partialBytes, bytes.subarray(partialBytes));
    await reopened.commit(sha, bytes.byteLength);
    expect(await reopened.read(sha)).toEqual(new Uint8Array(bytes));
  });

  it('refuses a chunk that does not continue the stored copy, saying where it ends', async () => {
    const bytes = sampleBytes(1_000);
    const sha = hashOf(bytes);
    await cache.appendChunk(sha, 0, bytes.subarray(0, 400));
    const refused = cache.appendChunk(sha, 300, bytes.subarray(300));
    await expect(refused).rejects.toBeInstanceOf(CacheOffsetError);
    await expect(refused).rejects.toMatchObject({ storedBytes: 400 });
    expect((await cache.state(sha)).partialBytes).toBe(400);
  });

  it('rejects bytes that do not hash to their name and deletes them', async () => {
    const bytes = sampleBytes(10_000);
    const sha = hashOf(bytes);
    const tampered = bytes.slice();
    tampered[5_000] = (tampered[5_000] as number) ^ 0xff;
    await cache.appendChunk(sha, 0, tampered);
    const refused = cache.commit(sha, bytes.byteLength);
    await expect(refused).rejects.toBeInstanceOf(CacheChecksumError);
    expect(await cache.state(sha)).toEqual({ complete: false, partialBytes: 0 });
    expect(await cache.read(sha)).toBeNull();
  });

  it('rejects the right bytes with the wrong expected size, and a commit with nothing stored', async () => {
    const bytes = sampleBytes(100);
    const sha = hashOf(bytes);
    await cache.appendChunk(sha, 0, bytes);
    await expect(cache.commit(sha, 99)).rejects.toBeInstanceOf(CacheChecksumError);
    await expect(cache.commit(sha)).rejects.toBeInstanceOf(CacheChecksumError);
  });

  it('serialises concurrent appends to one name', async () => {
    const bytes = sampleBytes(4_000);
    const sha = hashOf(bytes);
    const results = await Promise.allSettled([
      cache.appendChunk(sha, 0, bytes.subarray(0, 2_000)),
      cache.appendChunk(sha, 0, bytes.subarray(0, 2_000)),
      cache.appendChunk(sha, 2_000, bytes.subarray(2_000)),
    ]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    await cache.commit(sha, bytes.byteLength);
    expect(await cache.read(sha)).toEqual(new Uint8Array(bytes));
  });

  it.each([
    '../../etc/passwd',
    '..',
    `${'a'.repeat(63)}/`,
    'A'.repeat(64),
    `${'a'.repeat(62)}/..`,
    `..${'/'.repeat(62)}`,
    '',
    'a'.repeat(65),
  ])('refuses the name %j before touching the disk', async (name) => {
    await expect(cache.state(name)).rejects.toBeInstanceOf(InvalidCacheNameError);
    await expect(cache.read(name)).rejects.toBeInstanceOf(InvalidCacheNameError);
    expect(() => cache.appendChunk(name, 0, new Uint8Array(1))).toThrow(InvalidCacheNameError);
    expect(() => cache.commit(name)).toThrow(InvalidCacheNameError);
    expect(() => cache.delete(name)).toThrow(InvalidCacheNameError);
    expect(existsSync(join(root, 'document-cache'))).toBe(false);
  });

  it('lists complete and partial entries, ignoring stray files, and deletes both kinds', async () => {
    expect(await cache.list()).toEqual([]);
    const full = sampleBytes(64, 1);
    const part = sampleBytes(64, 2);
    const fullSha = hashOf(full);
    const partSha = hashOf(part);
    await cache.appendChunk(fullSha, 0, full);
    await cache.commit(fullSha);
    await cache.appendChunk(partSha, 0, part.subarray(0, 10));
    await writeFile(join(root, 'document-cache', 'partial', 'stray.txt'), 'x');
    const listed = await cache.list();
    expect(listed).toEqual(
      [
        { sha256: fullSha, complete: true, partialBytes: 0, byteSize: 64 },
        { sha256: partSha, complete: false, partialBytes: 10, byteSize: 10 },
      ].sort((a, b) => a.sha256.localeCompare(b.sha256)),
    );
    await cache.delete(fullSha);
    await cache.discardPartial(partSha);
    expect(await cache.list()).toEqual([]);
    expect(await readFile(join(root, 'document-cache', 'partial', 'stray.txt'), 'utf8')).toBe('x');
  });
});
