import { readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROUTES } from '#common/http/route-table';
import type { MeetingDocument } from '#common/schemas/document';
import { createBlobFetcher } from '../../renderer/src/lib/api';
import { DownloadManager, type FetchBlob } from '../../renderer/src/lib/cache/download-manager';
import { MemoryDocumentCache } from '../../renderer/src/lib/cache/memory-document-cache';
import { sha256Hex } from '../../renderer/src/lib/cache/sha256';
import { expectOk, startTestRoom, type TestRoom, waitFor } from './helpers/test-room';

const corpus = resolve(__dirname, '../../../shared/corpus/pdfs');

/**
 * The client's real download manager (the one the web client and the desktop app run)
 * against the real room server: what ends up in the cache is exactly the published bytes,
 * or nothing.
 */
describe('distribution to a device', () => {
  let room: TestRoom;
  let meetingId: string;
  let delegate: { id: string; token: string };
  let documents: MeetingDocument[];

  beforeAll(async () => {
    // No memory cache: the corruption test changes a blob on disk behind the server's back.
    room = await startTestRoom({ blobCacheBytes: 0 });
    meetingId = await room.createMeeting();
    for (const file of ['tracemonkey.pdf', 'TAMReview.pdf']) {
      const res = await room.call(ROUTES.uploadDocument, {
        token: room.staffToken,
        params: { meetingId },
        query: { fileName: file },
        body: new Uint8Array(readFileSync(join(corpus, file))),
        headers: { 'content-type': 'application/pdf' },
      });
      expect(res.status).toBe(201);
    }
    delegate = await room.addMember(meetingId, 'delegate');
    // Participants see a meeting's documents only once it is published.
    expectOk(await room.call(ROUTES.publishMeeting, { token: room.staffToken, params: { meetingId } }));
    const detail = await room.call(ROUTES.getMeeting, { token: delegate.token, params: { meetingId } });
    documents = [...expectOk(detail).documents];
    expect(documents).toHaveLength(2);
  });
  afterAll(async () => {
    await room.destroy();
  });

  function manager(cache: MemoryDocumentCache, fetchBlob: FetchBlob) {
    return new DownloadManager({
      cache,
      fetchBlob,
      backoffBaseMs: 10,
      backoffMaxMs: 50,
      logger: { warn: () => {}, error: () => {} },
    });
  }

  it('stores every granted document, verified, and reports 100 %', async () => {
    const cache = new MemoryDocumentCache();
    const m = manager(cache, createBlobFetcher(room.url, delegate.token));
    m.setDocuments(documents);
    await waitFor(
      () => m.getSnapshot().total.percent === 100 && !m.getSnapshot().busy,
      'all downloaded',
      20_000,
    );
    for (const doc of documents) {
      const bytes = await cache.get(doc.sha256);
      expect(bytes?.byteLength).toBe(doc.byteSize);
      expect(await sha256Hex(bytes!)).toBe(doc.sha256);
    }
  });

  it('resumes an interrupted download with Range from the bytes it already has', async () => {
    const cache = new MemoryDocumentCache();
    const doc = documents.find((d) => d.originalName === 'tracemonkey.pdf')!;
    const full = new Uint8Array(readFileSync(join(corpus, 'tracemonkey.pdf')));
    await cache.appendChunk(doc.sha256, 0, full.slice(0, 400_000));
    const offsets: number[] = [];
    const real = createBlobFetcher(room.url, delegate.token);
    const m = manager(cache, (sha, opts) => {
      if (sha === doc.sha256) offsets.push(opts.offset);
      return real(sha, opts);
    });
    m.setDocuments([doc]);
    await waitFor(() => m.getSnapshot().total.percent === 100 && !m.getSnapshot().busy, 'resumed', 20_000);
    expect(offsets).toEqual([400_000]);
    expect(await sha256Hex((await cache.get(doc.sha256))!)).toBe(doc.sha256);
  });

  it('rejects bytes whose hash does not match and keeps nothing of them', async () => {
    const doc = documents.find((d) => d.originalName === 'TAMReview.pdf')!;
    const path = room.server.context.blobs.pathOf(doc.sha256);
    const original = readFileSync(path);
    const corrupt = Buffer.from(original);
    const middle = corrupt.length >> 1;
    corrupt[middle] = (corrupt[middle] ?? 0) ^ 0xff;
    writeFileSync(path, corrupt);
    try {
      const cache = new MemoryDocumentCache();
      const m = manager(cache, createBlobFetcher(room.url, delegate.token));
      m.setDocuments([doc]);
      await waitFor(
        () => !m.getSnapshot().busy && m.getSnapshot().documents[0]?.state === 'error',
        'failure',
        20_000,
      );
      expect(m.getSnapshot().documents[0]?.errorCode).toBe('checksum_mismatch');
      expect(await cache.has(doc.sha256)).toBe(false);
      expect(await cache.get(doc.sha256)).toBeNull();
      expect(m.getSnapshot().documents[0]?.receivedBytes).toBe(0);
    } finally {
      writeFileSync(path, original);
    }
  });

  it('gets nothing it is not granted', async () => {
    const outsider = await room.addMember(await room.createMeeting('Khác'), 'delegate');
    const cache = new MemoryDocumentCache();
    const m = manager(cache, createBlobFetcher(room.url, outsider.token));
    m.setDocuments(documents.slice(0, 1));
    await waitFor(
      () => !m.getSnapshot().busy && m.getSnapshot().documents[0]?.state === 'error',
      'refused',
      20_000,
    );
    expect(m.getSnapshot().documents[0]?.errorCode).toBe('not_found');
    expect(await cache.list()).toEqual([]);
  });
});
