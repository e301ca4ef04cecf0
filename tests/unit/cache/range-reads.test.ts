/**
 * Range reads of the renderer's caches: the memory cache (the IndexedDB one is exercised in the
 * browser by the viewer's end-to-end specs; the Electron one in cache-ipc.test.ts) and the
 * download manager's `cachedRanges`, which the viewer hands to pdf.js.
 */
import { createHash } from 'node:crypto';
import type { MeetingDocument } from '#common/schemas/document';
import { describe, expect, it } from 'vitest';
import { DownloadManager } from '../../../renderer/src/lib/cache/download-manager';
import { MemoryDocumentCache } from '../../../renderer/src/lib/cache/memory-document-cache';

const bytes = new Uint8Array(5000).map((_, i) => (i * 13 + 1) & 0xff);
const sha = createHash('sha256').update(bytes).digest('hex');

describe('MemoryDocumentCache range reads', () => {
  it('reads only a verified copy, any range, cut at its end', async () => {
    const cache = new MemoryDocumentCache();
    await cache.appendChunk(sha, 0, bytes);
    expect(await cache.size(sha)).toBeNull();
    expect(await cache.read(sha, 0, 10)).toBeNull();
    await cache.commit(sha, bytes.byteLength);
    expect(await cache.size(sha)).toBe(bytes.byteLength);
    expect(await cache.read(sha, 100, 50)).toEqual(bytes.subarray(100, 150));
    expect(await cache.read(sha, 4990, 50)).toEqual(bytes.subarray(4990));
    expect(await cache.read(sha, 6000, 50)).toEqual(new Uint8Array(0));
    await expect(cache.read(sha, -1, 5)).rejects.toBeInstanceOf(RangeError);
    await expect(cache.read(sha, 0, Number.NaN)).rejects.toBeInstanceOf(RangeError);
    // A read hands out a copy: changing it does not change the cache.
    const first = await cache.read(sha, 0, 1);
    if (first) first[0] = (first[0] ?? 0) ^ 0xff;
    expect(await cache.read(sha, 0, 1)).toEqual(bytes.subarray(0, 1));
  });
});

function documentFor(content: Uint8Array, hash: string): MeetingDocument {
  return {
    id: 'doc-range-1',
    meetingId: 'meeting-0001',
    agendaItemId: null,
    title: 'Tài liệu',
    kind: 'other',
    classification: 'thuong',
    noExport: false,
    position: 0,
    sha256: hash,
    byteSize: content.byteLength,
    pageCount: 1,
    createdAt: '2026-11-01T00:00:00.000Z',
    version: 1,
    updatedAt: '2026-11-01T00:00:00.000Z',
    originalName: 'doc.pdf',
    encrypted: false,
  };
}

describe('DownloadManager.cachedRanges', () => {
  it('reads a cached document in parts without the network, and nothing of one not cached', async () => {
    const cache = new MemoryDocumentCache();
    let fetches = 0;
    const manager = new DownloadManager({
      cache,
      fetchBlob: async () => {
        fetches += 1;
        throw new Error('no network in this test');
      },
      logger: { warn: () => undefined, error: () => undefined },
    });
    const document = documentFor(bytes, sha);
    expect(await manager.cachedRanges(document)).toBeNull();
    await cache.appendChunk(sha, 0, bytes);
    await cache.commit(sha, bytes.byteLength);
    const ranges = await manager.cachedRanges(document);
    expect(ranges?.byteLength).toBe(bytes.byteLength);
    expect(await ranges?.read(4000, 4100)).toEqual(bytes.subarray(4000, 4100));
    await cache.delete(sha);
    await expect(ranges?.read(0, 10)).rejects.toThrow(/removed/);
    expect(fetches).toBe(0);
    manager.destroy();
  });
});
