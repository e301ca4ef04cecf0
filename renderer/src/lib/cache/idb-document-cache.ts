/**
 * The browser's {@link DocumentCache}: IndexedDB, used when the renderer runs in a plain
 * browser (the web client the room server serves) rather than inside Electron.
 *
 * Three object stores:
 * - `meta`     sha256 → { complete, partialBytes, byteSize }: the entry's state;
 * - `chunks`   [sha256, offset] → bytes: the partial copy, one record per appended chunk, so
 *              an interrupted download resumes after the last stored chunk;
 * - `files`    sha256 → bytes: the verified, complete copy, as a `Blob`, which Chromium keeps
 *              on disk and reads a slice of at a time (so the viewer reads ranges of a large
 *              document, never the whole). Copies stored by earlier versions are `ArrayBuffer`s:
 *              they stay readable, and `size` (how the viewer starts) rewrites them as a Blob.
 * An append checks and moves `meta.partialBytes` in the same transaction as it stores the
 * chunk, so two writers cannot interleave; a commit hashes the chunks outside any
 * transaction (WebCrypto is asynchronous) and then, in one transaction, checks that nothing
 * was appended meanwhile, stores the file and drops the chunks.
 */
import {
  assertCacheName,
  CacheChecksumError,
  type CacheEntryInfo,
  type CacheEntryState,
  CacheOffsetError,
} from '#ipc/cache';
import { assertRange, type DocumentCache } from './document-cache';
import { concatBytes, sha256Hex } from './sha256';

const DB_NAME = 'paperless-document-cache';
const DB_VERSION = 1;
const META = 'meta';
const CHUNKS = 'chunks';
const FILES = 'files';
/** How many opened documents' Blobs are kept for range reads (the viewer shows one at a time). */
const REMEMBERED_BLOBS = 4;

interface MetaRecord {
  sha256: string;
  complete: boolean;
  partialBytes: number;
  byteSize: number;
}

interface ChunkRecord {
  sha256: string;
  offset: number;
  data: ArrayBuffer;
}

interface FileRecord {
  sha256: string;
  data: Blob | ArrayBuffer;
}

/** Resolves with a request's result; rejects with its error. */
function done<T>(request: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error ?? new Error('IndexedDB request failed'));
  });
}

/**
 * Resolves when a transaction has committed (so its writes are durable). A rejection that
 * nobody awaits (the caller gave up on the transaction first) is not reported as unhandled.
 */
function committed(tx: IDBTransaction): Promise<void> {
  const promise = new Promise<void>((resolve, reject) => {
    tx.oncomplete = () => resolve();
    tx.onerror = () => reject(tx.error ?? new Error('IndexedDB transaction failed'));
    tx.onabort = () => reject(tx.error ?? new Error('IndexedDB transaction aborted'));
  });
  promise.catch(() => undefined);
  return promise;
}

/** The key range of every chunk of one hash. */
function chunkRange(sha256: string): IDBKeyRange {
  return IDBKeyRange.bound([sha256, 0], [sha256, Number.MAX_SAFE_INTEGER]);
}

/** An ArrayBuffer holding exactly the bytes of `view` (IndexedDB stores buffers, not views). */
function ownBuffer(view: Uint8Array): ArrayBuffer {
  return view.slice().buffer as ArrayBuffer;
}

/**
 * Opens (and on first use creates) the database. Rejects when IndexedDB is unavailable or
 * refused; the caller falls back to memory.
 */
export function openIdbDatabase(factory: IDBFactory = indexedDB): Promise<IDBDatabase> {
  return new Promise((resolve, reject) => {
    const request = factory.open(DB_NAME, DB_VERSION);
    request.onupgradeneeded = () => {
      const db = request.result;
      if (!db.objectStoreNames.contains(META)) db.createObjectStore(META, { keyPath: 'sha256' });
      if (!db.objectStoreNames.contains(CHUNKS))
        db.createObjectStore(CHUNKS, { keyPath: ['sha256', 'offset'] });
      if (!db.objectStoreNames.contains(FILES)) db.createObjectStore(FILES, { keyPath: 'sha256' });
    };
    request.onsuccess = () => {
      const db = request.result;
      // Another tab upgrading the schema must not be blocked by this one.
      db.onversionchange = () => db.close();
      resolve(db);
    };
    request.onerror = () => reject(request.error ?? new Error('IndexedDB is unavailable'));
    request.onblocked = () => reject(new Error('IndexedDB upgrade blocked by another tab'));
  });
}

/** See the module comment. */
export class IdbDocumentCache implements DocumentCache {
  readonly kind = 'indexeddb' as const;
  /** Asked once: persistent storage keeps the browser from evicting documents under pressure. */
  private persistRequested = false;
  /**
   * The Blobs of documents lately sized (opened): pdf.js asks for hundreds of small ranges
   * while it walks a large document's page tree, and each then skips an IndexedDB lookup.
   * `size` (every open) refreshes an entry, `delete` drops it.
   */
  private readonly blobs = new Map<string, Blob>();

  constructor(private readonly db: IDBDatabase) {}

  async state(sha256: string): Promise<CacheEntryState> {
    assertCacheName(sha256);
    const tx = this.db.transaction(META, 'readonly');
    const meta = (await done(tx.objectStore(META).get(sha256))) as MetaRecord | undefined;
    if (!meta) return { complete: false, partialBytes: 0 };
    return { complete: meta.complete, partialBytes: meta.complete ? 0 : meta.partialBytes };
  }

  async has(sha256: string): Promise<boolean> {
    return (await this.state(sha256)).complete;
  }

  async get(sha256: string): Promise<Uint8Array | null> {
    assertCacheName(sha256);
    const file = await this.completeFile(sha256);
    if (!file) return null;
    return new Uint8Array(file.data instanceof Blob ? await file.data.arrayBuffer() : file.data);
  }

  async size(sha256: string): Promise<number | null> {
    assertCacheName(sha256);
    this.blobs.delete(sha256);
    const file = await this.completeFile(sha256);
    if (!file) return null;
    if (file.data instanceof Blob) this.remember(sha256, file.data);
    else {
      // Stored before files became Blobs: read whole once more, then a Blob from now on. This
      // open reads from the Blob made here, so even a failed rewrite costs no whole read per range.
      const blob = new Blob([file.data]);
      this.remember(sha256, blob);
      await this.storeAsBlob(sha256, blob).catch((error: unknown) => {
        console.warn('could not rewrite a cached document as a Blob; it stays readable', error);
      });
    }
    return file.data instanceof Blob ? file.data.size : file.data.byteLength;
  }

  async read(sha256: string, offset: number, length: number): Promise<Uint8Array | null> {
    assertCacheName(sha256);
    assertRange(offset, length);
    const end = offset + length;
    const known = this.blobs.get(sha256);
    if (known) return new Uint8Array(await known.slice(offset, end).arrayBuffer());
    const file = await this.completeFile(sha256);
    if (!file) return null;
    if (file.data instanceof Blob) return new Uint8Array(await file.data.slice(offset, end).arrayBuffer());
    return new Uint8Array(file.data.slice(offset, end));
  }

  async appendChunk(sha256: string, offset: number, bytes: Uint8Array): Promise<number> {
    assertCacheName(sha256);
    this.requestPersistence();
    const tx = this.db.transaction([META, CHUNKS], 'readwrite');
    const finished = committed(tx);
    const metaStore = tx.objectStore(META);
    const meta = (await done(metaStore.get(sha256))) as MetaRecord | undefined;
    const stored = meta && !meta.complete ? meta.partialBytes : 0;
    if (meta?.complete) {
      tx.abort();
      await finished.catch(() => undefined);
      throw new CacheOffsetError(meta.byteSize);
    }
    if (offset !== stored) {
      tx.abort();
      await finished.catch(() => undefined);
      throw new CacheOffsetError(stored);
    }
    const next = stored + bytes.byteLength;
    if (bytes.byteLength > 0) {
      const chunk: ChunkRecord = { sha256, offset, data: ownBuffer(bytes) };
      tx.objectStore(CHUNKS).put(chunk);
    }
    const record: MetaRecord = { sha256, complete: false, partialBytes: next, byteSize: next };
    metaStore.put(record);
    await finished;
    return next;
  }

  async commit(sha256: string, expectedSize?: number): Promise<void> {
    assertCacheName(sha256);
    const read = this.db.transaction([META, CHUNKS], 'readonly');
    const meta = (await done(read.objectStore(META).get(sha256))) as MetaRecord | undefined;
    if (meta?.complete) return;
    const chunks = (await done(read.objectStore(CHUNKS).getAll(chunkRange(sha256)))) as ChunkRecord[];
    chunks.sort((a, b) => a.offset - b.offset);
    const length = meta?.partialBytes ?? 0;
    const bytes = concatBytes(
      chunks.map((chunk) => new Uint8Array(chunk.data)),
      chunks.reduce((sum, chunk) => sum + chunk.data.byteLength, 0),
    );
    const actual = await sha256Hex(bytes);
    if (
      actual !== sha256 ||
      bytes.byteLength !== length ||
      (expectedSize !== undefined && length !== expectedSize)
    ) {
      await this.discardPartial(sha256);
      throw new CacheChecksumError(sha256, actual);
    }

    const write = this.db.transaction([META, CHUNKS, FILES], 'readwrite');
    const finished = committed(write);
    const again = (await done(write.objectStore(META).get(sha256))) as MetaRecord | undefined;
    if (again?.complete) {
      await finished;
      return;
    }
    if (again?.partialBytes !== length) {
      // Appended to while we hashed: leave it for the next commit to judge.
      write.abort();
      await finished.catch(() => undefined);
      throw new CacheOffsetError(again?.partialBytes ?? 0);
    }
    const file: FileRecord = { sha256, data: new Blob([bytes as Uint8Array<ArrayBuffer>]) };
    write.objectStore(FILES).put(file);
    const record: MetaRecord = { sha256, complete: true, partialBytes: 0, byteSize: length };
    write.objectStore(META).put(record);
    write.objectStore(CHUNKS).delete(chunkRange(sha256));
    await finished;
  }

  async discardPartial(sha256: string): Promise<void> {
    assertCacheName(sha256);
    const tx = this.db.transaction([META, CHUNKS], 'readwrite');
    const finished = committed(tx);
    const meta = (await done(tx.objectStore(META).get(sha256))) as MetaRecord | undefined;
    if (meta && !meta.complete) tx.objectStore(META).delete(sha256);
    tx.objectStore(CHUNKS).delete(chunkRange(sha256));
    await finished;
  }

  async list(): Promise<CacheEntryInfo[]> {
    const tx = this.db.transaction(META, 'readonly');
    const metas = (await done(tx.objectStore(META).getAll())) as MetaRecord[];
    return metas.map((meta) => ({
      sha256: meta.sha256,
      complete: meta.complete,
      partialBytes: meta.complete ? 0 : meta.partialBytes,
      byteSize: meta.byteSize,
    }));
  }

  async delete(sha256: string): Promise<void> {
    assertCacheName(sha256);
    this.blobs.delete(sha256);
    const tx = this.db.transaction([META, CHUNKS, FILES], 'readwrite');
    const finished = committed(tx);
    tx.objectStore(META).delete(sha256);
    tx.objectStore(FILES).delete(sha256);
    tx.objectStore(CHUNKS).delete(chunkRange(sha256));
    await finished;
  }

  /** Keeps a document's Blob for its range reads; only the last few opened are kept. */
  private remember(sha256: string, blob: Blob): void {
    this.blobs.set(sha256, blob);
    for (const oldest of this.blobs.keys()) {
      if (this.blobs.size <= REMEMBERED_BLOBS) break;
      this.blobs.delete(oldest);
    }
  }

  /** The record of a complete copy, or undefined (a file without complete meta is never read). */
  private async completeFile(sha256: string): Promise<FileRecord | undefined> {
    const tx = this.db.transaction([META, FILES], 'readonly');
    // Both asked at once, in one transaction (so they agree): each answer is a task on the
    // main thread, and while the app starts a second round trip waited 0.1 s for its turn.
    const [meta, file] = await Promise.all([
      done(tx.objectStore(META).get(sha256)) as Promise<MetaRecord | undefined>,
      done(tx.objectStore(FILES).get(sha256)) as Promise<FileRecord | undefined>,
    ]);
    return meta?.complete ? file : undefined;
  }

  /**
   * Replaces an `ArrayBuffer` copy by a Blob of the same (already verified) bytes, in one
   * transaction that first checks the copy is still there and still complete, so a delete or
   * a conversion by another tab meanwhile wins and no document is lost.
   */
  private async storeAsBlob(sha256: string, blob: Blob): Promise<void> {
    const tx = this.db.transaction([META, FILES], 'readwrite');
    const finished = committed(tx);
    const meta = (await done(tx.objectStore(META).get(sha256))) as MetaRecord | undefined;
    const file = (await done(tx.objectStore(FILES).get(sha256))) as FileRecord | undefined;
    if (meta?.complete && file && !(file.data instanceof Blob) && file.data.byteLength === blob.size) {
      const record: FileRecord = { sha256, data: blob };
      tx.objectStore(FILES).put(record);
    }
    await finished;
  }

  private requestPersistence(): void {
    if (this.persistRequested) return;
    this.persistRequested = true;
    // Best effort: a refusal only means the browser may evict under storage pressure.
    navigator.storage?.persist?.().catch(() => undefined);
  }
}
