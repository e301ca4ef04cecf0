import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { MeetingDocument } from '#common/schemas/document';
import {
  type DistributionSnapshot,
  DownloadManager,
  type FetchBlob,
  type FetchReaderCopy,
} from '../../../renderer/src/lib/cache/download-manager';
import { MemoryDocumentCache } from '../../../renderer/src/lib/cache/memory-document-cache';
import { ReaderCopyIndex } from '../../../renderer/src/lib/cache/reader-copy-index';
import type { KeyValueStorage } from '../../../renderer/src/lib/cache/seen-versions';

const hashOf = (bytes: Uint8Array): string => createHash('sha256').update(bytes).digest('hex');
const bytesOf = (text: string, length: number): Uint8Array => {
  const out = new Uint8Array(length);
  const seed = new TextEncoder().encode(text);
  for (let i = 0; i < length; i++) out[i] = (seed[i % seed.length] as number) ^ (i & 0xff);
  return out;
};

function noExportDocument(original: Uint8Array, patch: Partial<MeetingDocument> = {}): MeetingDocument {
  return {
    id: 'doc-noexport-1',
    meetingId: 'meeting-0001',
    agendaItemId: null,
    title: 'Báo cáo mật',
    kind: 'other',
    classification: 'mat',
    noExport: true,
    position: 0,
    sha256: hashOf(original),
    byteSize: original.byteLength,
    pageCount: 1,
    createdAt: '2026-11-01T00:00:00.000Z',
    version: 1,
    updatedAt: '2026-11-01T00:00:00.000Z',
    originalName: 'mat.pdf',
    encrypted: false,
    ...patch,
  };
}

function memoryStorage(): KeyValueStorage {
  const map = new Map<string, string>();
  return { getItem: (k) => map.get(k) ?? null, setItem: (k, v) => void map.set(k, v) };
}

/** The room server's reader-copy route as the manager sees it: a copy per document, Range, If-Range. */
function copyServer(copy: { bytes: Uint8Array }, opts: { dropFirstAfter?: number; corrupt?: boolean } = {}) {
  const requests: { offset: number; ifRange: string | null }[] = [];
  let dropped = false;
  const fetchReaderCopy: FetchReaderCopy = async (_id, { offset, ifRange }) => {
    requests.push({ offset, ifRange });
    const { bytes } = copy;
    const sha256 = hashOf(bytes);
    const partial = offset > 0 && ifRange === sha256;
    let payload = bytes.slice(partial ? offset : 0);
    if (opts.corrupt) payload[10] = (payload[10] as number) ^ 0xff;
    if (opts.dropFirstAfter !== undefined && !dropped) {
      dropped = true;
      payload = payload.slice(0, opts.dropFirstAfter);
    }
    const total = bytes.byteLength;
    let sent = false;
    return {
      status: partial ? 206 : 200,
      contentRange: partial ? `bytes ${offset}-${total - 1}/${total}` : null,
      sha256,
      totalBytes: total,
      body: new ReadableStream<Uint8Array>({
        pull(controller) {
          if (sent) {
            if (payload.byteLength + (partial ? offset : 0) < total) controller.error(new TypeError('lost'));
            else controller.close();
            return;
          }
          sent = true;
          controller.enqueue(payload);
        },
      }),
    };
  };
  return { fetchReaderCopy, requests };
}

const refuseBlobs: FetchBlob = async () => {
  throw new Error('the stored bytes of a no-export document must not be asked for');
};

function until(
  subject: DownloadManager,
  done: (s: DistributionSnapshot) => boolean,
): Promise<DistributionSnapshot> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(
      () =>
        reject(
          new Error(
            JSON.stringify(
              subject.getSnapshot().documents.map((d) => [d.state, d.errorCode, d.receivedBytes]),
            ),
          ),
        ),
      3_000,
    );
    const check = () => {
      const s = subject.getSnapshot();
      if (!done(s)) return;
      clearTimeout(timer);
      unsubscribe();
      resolve(s);
    };
    const unsubscribe = subject.subscribe(check);
    check();
  });
}
const settled = (s: DistributionSnapshot) => s.listLoaded && !s.busy;

function manager(cache: MemoryDocumentCache, storage: KeyValueStorage, fetchReaderCopy: FetchReaderCopy) {
  return new DownloadManager({
    cache,
    fetchBlob: refuseBlobs,
    fetchReaderCopy,
    readerCopies: new ReaderCopyIndex(storage, 'copies'),
    backoffBaseMs: 1,
    backoffMaxMs: 5,
    notifyEveryMs: 5,
    logger: { warn: () => undefined, error: () => undefined },
  });
}

describe('"no export" documents on the device', () => {
  it('stores the reader copy under its own hash, resumes a cut download with If-Range, and opens it offline', async () => {
    const original = bytesOf('original', 50_000);
    const copy = { bytes: bytesOf('copy for Ánh', 53_000) };
    const server = copyServer(copy, { dropFirstAfter: 20_000 });
    const cache = new MemoryDocumentCache();
    const storage = memoryStorage();
    const document = noExportDocument(original);
    const subject = manager(cache, storage, server.fetchReaderCopy);
    subject.setDocuments([document]);
    const done = await until(subject, settled);
    expect(done.documents[0]?.state).toBe('cached');
    expect(done.total).toMatchObject({ percent: 100, totalBytes: copy.bytes.byteLength });
    expect(server.requests).toEqual([
      { offset: 0, ifRange: null },
      { offset: 20_000, ifRange: hashOf(copy.bytes) },
    ]);
    expect(await cache.has(hashOf(copy.bytes))).toBe(true);
    expect(await cache.has(document.sha256)).toBe(false);
    subject.destroy();

    // A reload with the server gone: the copy is found by this participant's record.
    const offline = manager(cache, storage, async () => {
      throw new TypeError('fetch failed');
    });
    const loaded = await offline.loadBytes(document);
    expect(loaded.source).toBe('cache');
    expect(hashOf(loaded.bytes)).toBe(hashOf(copy.bytes));
    offline.setDocuments([document]);
    expect((await until(offline, settled)).documents[0]?.state).toBe('cached');
    offline.destroy();
  });

  it('never stores bytes that do not match the copy the server announced', async () => {
    const original = bytesOf('original', 30_000);
    const server = copyServer({ bytes: bytesOf('copy', 31_000) }, { corrupt: true });
    const cache = new MemoryDocumentCache();
    const subject = manager(cache, memoryStorage(), server.fetchReaderCopy);
    subject.setDocuments([noExportDocument(original)]);
    const done = await until(subject, settled);
    expect(done.documents[0]).toMatchObject({ state: 'error', errorCode: 'checksum_mismatch' });
    expect(await cache.list()).toEqual([]);
    await expect(subject.loadBytes(noExportDocument(original))).rejects.toMatchObject({
      code: 'checksum_mismatch',
    });
    subject.destroy();
  });

  it('replaces the copy of an earlier version and deletes the old one from the device', async () => {
    const v1 = bytesOf('v1', 20_000);
    const v2 = bytesOf('v2', 22_000);
    const copy = { bytes: bytesOf('copy v1', 21_000) };
    const server = copyServer(copy);
    const cache = new MemoryDocumentCache();
    const subject = manager(cache, memoryStorage(), server.fetchReaderCopy);
    subject.setDocuments([noExportDocument(v1)]);
    await until(subject, settled);
    const firstCopy = hashOf(copy.bytes);
    expect(await cache.has(firstCopy)).toBe(true);

    copy.bytes = bytesOf('copy v2', 23_000);
    subject.setDocuments([noExportDocument(v2, { version: 2 })]);
    const done = await until(subject, (s) => settled(s) && s.documents[0]?.document.version === 2);
    expect(done.documents[0]?.state).toBe('cached');
    expect(await cache.has(hashOf(copy.bytes))).toBe(true);
    // The earlier version's copy is gone from the device.
    expect(await cache.has(firstCopy)).toBe(false);
    subject.destroy();
  });
});
