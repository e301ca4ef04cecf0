import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { BlobMemoryCache } from '../../../sync-server/blobs/blob-memory-cache';

const dir = mkdtempSync(join(tmpdir(), 'paperless-room-blobcache-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function file(name: string, size: number, fill: number): string {
  const path = join(dir, name);
  writeFileSync(path, Buffer.alloc(size, fill));
  return path;
}

describe('blob memory cache', () => {
  it('serves repeat reads from memory and evicts the least recently used within its budget', async () => {
    const cache = new BlobMemoryCache(300, 150);
    const a = file('a', 100, 1);
    const b = file('b', 100, 2);
    const c = file('c', 100, 3);
    const first = await cache.get('a', a, 100);
    expect(first?.[0]).toBe(1);
    // The file changing on disk proves the second read came from memory.
    writeFileSync(a, Buffer.alloc(100, 9));
    expect((await cache.get('a', a, 100))?.[0]).toBe(1);
    await cache.get('b', b, 100);
    await cache.get('a', a, 100); // a is now the most recent
    await cache.get('c', c, 100);
    expect(cache.size).toBe(300);
    await cache.get('d', file('d', 100, 4), 100); // evicts b, the least recent
    expect(cache.size).toBe(300);
    writeFileSync(b, Buffer.alloc(100, 8));
    expect((await cache.get('b', b, 100))?.[0]).toBe(8);
    expect((await cache.get('a', a, 100))?.[0]).toBe(9);
  });

  it('streams what is too big to keep and shares one read between simultaneous misses', async () => {
    const cache = new BlobMemoryCache(1000, 200);
    expect(await cache.get('big', file('big', 500, 5), 500)).toBeNull();
    expect(cache.accepts(0)).toBe(false);
    const path = file('shared', 150, 6);
    const [x, y] = await Promise.all([cache.get('s', path, 150), cache.get('s', path, 150)]);
    expect(x).toBe(y);
    expect(cache.size).toBe(150);
  });

  it('keeps nothing when the budget is zero', async () => {
    const cache = new BlobMemoryCache(0);
    expect(await cache.get('z', file('z', 10, 1), 10)).toBeNull();
  });

  it('reports a missing file and does not remember the failure', async () => {
    const cache = new BlobMemoryCache(1000);
    await expect(cache.get('m', join(dir, 'missing'), 10)).rejects.toThrow();
    expect(cache.size).toBe(0);
  });
});
