import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { MeetingDocument } from '#common/schemas/document';
import type { DocumentCache } from '../../../renderer/src/lib/cache/document-cache';
import {
  type BlobResponse,
  type DistributionSnapshot,
  DownloadManager,
  type DownloadManagerOptions,
  downloadErrorCodeOf,
  type FetchBlob,
} from '../../../renderer/src/lib/cache/download-manager';
import { MemoryDocumentCache } from '../../../renderer/src/lib/cache/memory-document-cache';
import { type KeyValueStorage, SeenVersions } from '../../../renderer/src/lib/cache/seen-versions';

const hashOf = (bytes: Uint8Array): string => createHash('sha256').update(bytes).digest('hex');

function sampleBytes(length: number, seed: number): Uint8Array {
  const bytes = new Uint8Array(length);
  let x = seed;
  for (let i = 0; i < length; i += 1) {
    x = (x * 1103515245 + 12345) >>> 0;
    bytes[i] = x >>> 24;
  }
  return bytes;
}

let nextId = 1;
function documentFor(bytes: Uint8Array, patch: Partial<MeetingDocument> = {}): MeetingDocument {
  const id = `doc-${String(nextId++).padStart(4, '0')}`;
  return {
    id,
    meetingId: 'meeting-0001',
    agendaItemId: null,
    title: `Tài liệu ${id}`,
    kind: 'other',
    classification: 'thuong',
    noExport: false,
    position: 0,
    sha256: hashOf(bytes),
    byteSize: bytes.byteLength,
    pageCount: 1,
    createdAt: '2026-11-01T00:00:00.000Z',
    version: 1,
    updatedAt: '2026-11-01T00:00:00.000Z',
    originalName: `${id}.pdf`,
    encrypted: false,
    ...patch,
  };
}

/** How the fake server answers the n-th request (1-based) for one hash. */
type Behaviour =
  | 'ok'
  /** Sends the first `after` bytes of the answer, then the connection drops. */
  | { drop: number }
  /** Flips a byte of the answer (a corrupting proxy). */
  | 'corrupt'
  /** Ignores Range and sends the whole file with 200. */
  | 'ignore-range'
  | { status: number }
  /** No answer at all (the server is gone). */
  | 'refuse';

interface FakeServer {
  fetchBlob: FetchBlob;
  requests: { sha256: string; offset: number }[];
  maxActive: number;
}

/** An in-memory room server for GET /blobs/:sha256, streaming 16 KiB chunks. */
function fakeServer(
  files: readonly Uint8Array[],
  behave: (sha256: string, attempt: number) => Behaviour = () => 'ok',
): FakeServer {
  const byHash = new Map(files.map((bytes) => [hashOf(bytes), bytes]));
  const attempts = new Map<string, number>();
  const server: FakeServer = {
    fetchBlob: async () => ({ status: 500, contentRange: null, body: null }),
    requests: [],
    maxActive: 0,
  };
  let active = 0;
  server.fetchBlob = async (sha256, { offset, signal }): Promise<BlobResponse> => {
    server.requests.push({ sha256, offset });
    const attempt = (attempts.get(sha256) ?? 0) + 1;
    attempts.set(sha256, attempt);
    const behaviour = behave(sha256, attempt);
    await new Promise((resolve) => setTimeout(resolve, 1));
    if (signal.aborted) throw new DOMException('aborted', 'AbortError');
    if (behaviour === 'refuse') throw new TypeError('fetch failed');
    const file = byHash.get(sha256);
    if (!file) return { status: 404, contentRange: null, body: null };
    if (typeof behaviour === 'object' && 'status' in behaviour) {
      return { status: behaviour.status, contentRange: null, body: null };
    }
    let status = 200;
    let contentRange: string | null = null;
    let start = 0;
    if (offset > 0 && behaviour !== 'ignore-range') {
      if (offset >= file.byteLength)
        return { status: 416, contentRange: `bytes */${file.byteLength}`, body: null };
      status = 206;
      start = offset;
      contentRange = `bytes ${offset}-${file.byteLength - 1}/${file.byteLength}`;
    }
    let payload = file.slice(start);
    if (behaviour === 'corrupt') {
      const middle = Math.floor(payload.byteLength / 2);
      payload[middle] = (payload[middle] as number) ^ 0xff;
    }
    if (typeof behaviour === 'object' && 'drop' in behaviour) payload = payload.slice(0, behaviour.drop);
    const dropAfter = typeof behaviour === 'object' && 'drop' in behaviour;
    active += 1;
    server.maxActive = Math.max(server.maxActive, active);
    let at = 0;
    let finished = false;
    const finish = (): void => {
      if (!finished) {
        finished = true;
        active -= 1;
      }
    };
    const body = new ReadableStream<Uint8Array>({
      async pull(controller) {
        await new Promise((resolve) => setTimeout(resolve, 1));
        if (at >= payload.byteLength) {
          finish();
          if (dropAfter) controller.error(new TypeError('network connection lost'));
          else controller.close();
          return;
        }
        controller.enqueue(payload.slice(at, at + 16 * 1024));
        at += 16 * 1024;
      },
      cancel() {
        finish();
      },
    });
    return { status, contentRange, body };
  };
  return server;
}

function manager(
  options: Partial<DownloadManagerOptions> & Pick<DownloadManagerOptions, 'fetchBlob'>,
): DownloadManager {
  return new DownloadManager({
    cache: new MemoryDocumentCache(),
    backoffBaseMs: 1,
    backoffMaxMs: 5,
    notifyEveryMs: 5,
    flushBytes: 32 * 1024,
    logger: { warn: () => undefined, error: () => undefined },
    ...options,
  });
}

/** Resolves with the first snapshot that satisfies `done` (or rejects after 5 s). */
function until(
  subject: DownloadManager,
  done: (s: DistributionSnapshot) => boolean,
): Promise<DistributionSnapshot> {
  return new Promise((resolve, reject) => {
    const check = (): boolean => {
      const snapshot = subject.getSnapshot();
      if (!done(snapshot)) return false;
      unsubscribe();
      clearTimeout(timer);
      resolve(snapshot);
      return true;
    };
    const unsubscribe = subject.subscribe(() => void check());
    const timer = setTimeout(() => {
      unsubscribe();
      reject(
        new Error(
          `timed out; last snapshot ${JSON.stringify(subject.getSnapshot().documents.map((d) => d.state))}`,
        ),
      );
    }, 5_000);
    check();
  });
}

const settled = (s: DistributionSnapshot): boolean => s.listLoaded && !s.busy;

describe('DownloadManager', () => {
  it('downloads every document, three at a time, and reaches 100 %', async () => {
    const files = [1, 2, 3, 4, 5, 6].map((seed) => sampleBytes(40_000 + seed * 1_000, seed));
    const server = fakeServer(files);
    const cache = new MemoryDocumentCache();
    const subject = manager({ fetchBlob: server.fetchBlob, cache });
    const percents: number[] = [];
    subject.subscribe(() => percents.push(subject.getSnapshot().total.percent));
    subject.setDocuments(files.map((bytes) => documentFor(bytes)));

    const done = await until(subject, settled);
    expect(done.total).toMatchObject({ percent: 100, doneCount: 6, count: 6 });
    expect(done.documents.every((row) => row.state === 'cached')).toBe(true);
    expect(server.maxActive).toBeLessThanOrEqual(3);
    expect(server.maxActive).toBeGreaterThan(1);
    for (const bytes of files) expect(await cache.get(hashOf(bytes))).toEqual(bytes);
    // Progress moved while bytes arrived, never backwards, and 100 only at the end.
    expect(percents.some((p) => p > 0 && p < 100)).toBe(true);
    expect(percents.slice(0, -1).every((p, i) => p <= (percents[i + 1] as number))).toBe(true);
    subject.destroy();
  });

  it('downloads shared bytes once and skips what the cache already has', async () => {
    const shared = sampleBytes(20_000, 9);
    const stored = sampleBytes(20_000, 10);
    const cache = new MemoryDocumentCache();
    await cache.appendChunk(hashOf(stored), 0, stored);
    await cache.commit(hashOf(stored));
    const server = fakeServer([shared, stored]);
    const subject = manager({ fetchBlob: server.fetchBlob, cache });
    subject.setDocuments([documentFor(shared), documentFor(shared), documentFor(stored)]);
    const done = await until(subject, settled);
    expect(done.documents.map((row) => row.state)).toEqual(['cached', 'cached', 'cached']);
    expect(server.requests.map((r) => r.sha256)).toEqual([hashOf(shared)]);
    expect(done.total.count).toBe(2);
    subject.destroy();
  });

  it('resumes a dropped download with Range from the stored length', async () => {
    const bytes = sampleBytes(200_000, 3);
    const server = fakeServer([bytes], (_sha, attempt) => (attempt === 1 ? { drop: 100_000 } : 'ok'));
    const cache = new MemoryDocumentCache();
    const subject = manager({ fetchBlob: server.fetchBlob, cache });
    subject.setDocuments([documentFor(bytes)]);
    const done = await until(subject, settled);
    expect(done.documents[0]?.state).toBe('cached');
    expect(server.requests).toHaveLength(2);
    expect(server.requests[0]?.offset).toBe(0);
    // The 100 000 bytes that arrived were stored before the failure and not fetched again.
    expect(server.requests[1]?.offset).toBe(100_000);
    expect(await cache.get(hashOf(bytes))).toEqual(bytes);
    subject.destroy();
  });

  it('resumes a partial copy left by an earlier session', async () => {
    const bytes = sampleBytes(90_000, 4);
    const cache = new MemoryDocumentCache();
    await cache.appendChunk(hashOf(bytes), 0, bytes.subarray(0, 50_000));
    const server = fakeServer([bytes]);
    const subject = manager({ fetchBlob: server.fetchBlob, cache });
    subject.setDocuments([documentFor(bytes)]);
    await until(subject, settled);
    expect(server.requests).toEqual([{ sha256: hashOf(bytes), offset: 50_000 }]);
    expect(await cache.get(hashOf(bytes))).toEqual(bytes);
    subject.destroy();
  });

  it('starts over when the server answers a resume with the whole file', async () => {
    const bytes = sampleBytes(90_000, 5);
    const cache = new MemoryDocumentCache();
    await cache.appendChunk(hashOf(bytes), 0, bytes.subarray(0, 50_000));
    const server = fakeServer([bytes], () => 'ignore-range');
    const subject = manager({ fetchBlob: server.fetchBlob, cache });
    subject.setDocuments([documentFor(bytes)]);
    const done = await until(subject, settled);
    expect(done.documents[0]?.state).toBe('cached');
    expect(await cache.get(hashOf(bytes))).toEqual(bytes);
    subject.destroy();
  });

  it('downloads once more after a checksum mismatch, then stores the good copy', async () => {
    const bytes = sampleBytes(60_000, 6);
    const server = fakeServer([bytes], (_sha, attempt) => (attempt === 1 ? 'corrupt' : 'ok'));
    const cache = new MemoryDocumentCache();
    const subject = manager({ fetchBlob: server.fetchBlob, cache });
    subject.setDocuments([documentFor(bytes)]);
    const done = await until(subject, settled);
    expect(done.documents[0]?.state).toBe('cached');
    expect(server.requests.map((r) => r.offset)).toEqual([0, 0]);
    expect(await cache.get(hashOf(bytes))).toEqual(bytes);
    subject.destroy();
  });

  it('reports a file that keeps failing its checksum, and never exposes it', async () => {
    const bytes = sampleBytes(30_000, 7);
    const server = fakeServer([bytes], () => 'corrupt');
    const cache = new MemoryDocumentCache();
    const subject = manager({ fetchBlob: server.fetchBlob, cache, maxAttempts: 1 });
    subject.setDocuments([documentFor(bytes)]);
    const done = await until(subject, settled);
    expect(done.documents[0]).toMatchObject({ state: 'error', errorCode: 'checksum_mismatch' });
    expect(done.total.percent).toBeLessThan(100);
    expect(server.requests).toHaveLength(2);
    expect(await cache.get(hashOf(bytes))).toBeNull();
    expect(await cache.list()).toEqual([]);
    subject.destroy();
  });

  it('retries network errors with backoff, then reports them; retryFailed tries again', async () => {
    const bytes = sampleBytes(10_000, 8);
    let up = false;
    const server = fakeServer([bytes], () => (up ? 'ok' : 'refuse'));
    const subject = manager({ fetchBlob: server.fetchBlob, maxAttempts: 3 });
    subject.setDocuments([documentFor(bytes)]);
    const failed = await until(subject, settled);
    expect(failed.documents[0]).toMatchObject({ state: 'error', errorCode: 'network_error' });
    expect(server.requests).toHaveLength(3);
    up = true;
    subject.retryFailed();
    const done = await until(subject, settled);
    expect(done.documents[0]?.state).toBe('cached');
    subject.destroy();
  });

  it('gives up at once on 404 and reports 401 to the session', async () => {
    const missing = sampleBytes(1_000, 11);
    const locked = sampleBytes(1_000, 12);
    let unauthenticated = 0;
    const server = fakeServer([locked], (sha) => (sha === hashOf(locked) ? { status: 401 } : 'ok'));
    const subject = manager({
      fetchBlob: server.fetchBlob,
      onUnauthenticated: () => {
        unauthenticated += 1;
      },
    });
    subject.setDocuments([documentFor(missing), documentFor(locked)]);
    const done = await until(subject, settled);
    expect(done.documents.map((row) => row.errorCode)).toEqual(['not_found', 'unauthenticated']);
    expect(server.requests).toHaveLength(2);
    expect(unauthenticated).toBe(1);
    subject.destroy();
  });

  it('follows a new document list: a replaced version downloads and is flagged as new', async () => {
    const v1 = sampleBytes(20_000, 13);
    const v2 = sampleBytes(25_000, 14);
    const storage = new Map<string, string>();
    const kv: KeyValueStorage = {
      getItem: (k) => storage.get(k) ?? null,
      setItem: (k, v) => void storage.set(k, v),
    };
    const server = fakeServer([v1, v2]);
    const subject = manager({ fetchBlob: server.fetchBlob, seen: new SeenVersions(kv, 'seen') });
    const first = documentFor(v1);
    subject.setDocuments([first]);
    const before = await until(subject, settled);
    expect(before.documents[0]).toMatchObject({ state: 'cached', newVersion: false });

    const second = { ...first, sha256: hashOf(v2), byteSize: v2.byteLength, version: 2 };
    subject.setDocuments([second]);
    const after = await until(subject, (s) => settled(s) && s.documents[0]?.document.version === 2);
    expect(after.documents[0]).toMatchObject({ state: 'cached', newVersion: true });
    expect(after.total).toMatchObject({ percent: 100, count: 1 });

    subject.markSeen(second);
    expect(subject.getSnapshot().documents[0]?.newVersion).toBe(false);
    subject.destroy();
  });

  it('loads bytes from the cache, or from the network when not stored yet (checked)', async () => {
    const stored = sampleBytes(5_000, 15);
    const remote = sampleBytes(5_000, 16);
    const cache: DocumentCache = new MemoryDocumentCache();
    await cache.appendChunk(hashOf(stored), 0, stored);
    await cache.commit(hashOf(stored));
    let serverUp = true;
    const server = fakeServer([remote], () => (serverUp ? 'ok' : 'refuse'));
    const subject = manager({ fetchBlob: server.fetchBlob, cache });

    serverUp = false;
    expect(await subject.loadBytes(documentFor(stored))).toEqual({ bytes: stored, source: 'cache' });
    const offline = subject.loadBytes(documentFor(remote));
    await expect(offline).rejects.toThrow();
    expect(downloadErrorCodeOf(await offline.catch((e: unknown) => e))).toBe('network_error');

    serverUp = true;
    expect(await subject.loadBytes(documentFor(remote))).toEqual({ bytes: remote, source: 'network' });
    const lying = { ...documentFor(remote), sha256: hashOf(stored).replace(/^./, 'f') };
    expect(downloadErrorCodeOf(await subject.loadBytes(lying).catch((e: unknown) => e))).toBe('not_found');
    subject.destroy();
  });

  it('reports rate and time left while downloading', async () => {
    const bytes = sampleBytes(400_000, 17);
    const server = fakeServer([bytes]);
    const subject = manager({ fetchBlob: server.fetchBlob });
    subject.setDocuments([documentFor(bytes)]);
    const mid = await until(subject, (s) => s.total.receivedBytes > 100_000 && s.busy);
    expect(mid.bytesPerSecond).toBeGreaterThan(0);
    expect(mid.secondsLeft).not.toBeNull();
    const done = await until(subject, settled);
    expect(done.secondsLeft).toBe(0);
    expect(done.bytesPerSecond).toBe(0);
    subject.destroy();
  });

  it('stop() resolves only once no download can write to the cache any more', async () => {
    const bytes = sampleBytes(600_000, 9);
    const server = fakeServer([bytes]);
    const memory = new MemoryDocumentCache();
    let writing = 0;
    let writes = 0;
    const cache = Object.assign(Object.create(memory) as MemoryDocumentCache, {
      appendChunk: async (sha256: string, offset: number, chunk: Uint8Array) => {
        writing += 1;
        writes += 1;
        try {
          return await memory.appendChunk(sha256, offset, chunk);
        } finally {
          writing -= 1;
        }
      },
    });
    const subject = manager({ fetchBlob: server.fetchBlob, cache });
    subject.setDocuments([documentFor(bytes)]);
    await until(subject, (s) => (s.documents[0]?.receivedBytes ?? 0) > 100_000);
    await subject.stop();
    // An aborted download stores what it had gathered; stop() waited for that write.
    expect(writing).toBe(0);
    const after = writes;
    await memory.delete(hashOf(bytes));
    expect((await memory.state(hashOf(bytes))).partialBytes).toBe(0);
    expect(writes).toBe(after);
  });
});
