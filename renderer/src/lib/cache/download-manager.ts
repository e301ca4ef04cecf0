/**
 * Brings every document a participant may read onto the device before the session, so the
 * room's Wi-Fi can fail during the meeting without anyone losing their papers.
 *
 * Given the participant's document list (GET /meetings/:m only lists granted documents), the
 * manager downloads each missing current version from GET /blobs/:sha256 — or, for a "no
 * export" document, the copy stamped with the reader's name from GET /documents/:id/reader-copy,
 * stored under the copy's own SHA-256 as the server announces it (see {@link ReaderCopyIndex}) — at most
 * {@link MAX_PARALLEL_DOWNLOADS} at once, streaming the body so progress moves as bytes
 * arrive. Bytes are stored in the {@link DocumentCache} in chunks as they come, so an
 * interrupted download resumes with `Range: bytes=N-`; network errors are retried with
 * jittered exponential backoff; a file becomes readable only after its SHA-256 checks out
 * (a mismatch is downloaded once more, then reported).
 *
 * DOM-free: the network and the clock are injected, so the whole thing runs under the
 * Node unit tests against a fake server.
 */
import type { MeetingDocument } from '#common/schemas/document';
import { CacheChecksumError, CacheOffsetError } from '#ipc/cache';
import type { DocumentCache } from './document-cache';
import type { ReaderCopyIndex } from './reader-copy-index';
import { RateMeter, secondsLeft, type TotalProgress, totalProgress } from './progress';
import { decideResume } from './range';
import { backoffDelay, type FileState, MAX_PARALLEL_DOWNLOADS, pickNext } from './schedule';
import type { SeenVersions } from './seen-versions';
import { concatBytes, sha256Hex } from './sha256';

/** One answer of GET /blobs/:sha256, as the manager needs it. */
export interface BlobResponse {
  readonly status: number;
  readonly contentRange: string | null;
  /** The body, for 200 and 206; it is cancelled when not wanted. */
  readonly body: ReadableStream<Uint8Array> | null;
}

/**
 * Asks the room server for a blob from byte `offset` (no Range header when 0). Resolves with
 * any HTTP answer, error statuses included; rejects only when no answer arrived.
 */
export type FetchBlob = (
  sha256: string,
  options: { readonly offset: number; readonly signal: AbortSignal },
) => Promise<BlobResponse>;

/** One answer of GET /documents/:id/reader-copy: a blob answer plus what the server says of the copy. */
export interface ReaderCopyResponse extends BlobResponse {
  /** The copy's SHA-256 (`X-Content-SHA256`); what the stored bytes are checked against. */
  readonly sha256: string | null;
  /** The copy's whole size (`Content-Range`'s total, or `Content-Length` of a 200). */
  readonly totalBytes: number | null;
}

/**
 * Asks for the reader's copy of a document from byte `offset`; with `ifRange` (the copy's hash
 * the stored bytes belong to) a changed copy comes whole instead of as a range of other bytes.
 * Resolves with any HTTP answer; rejects only when no answer arrived.
 */
export type FetchReaderCopy = (
  documentId: string,
  options: { readonly offset: number; readonly ifRange: string | null; readonly signal: AbortSignal },
) => Promise<ReaderCopyResponse>;

/** Why a document could not be downloaded (translated under `documents.errors.<code>`). */
export type DownloadErrorCode =
  | 'network_error'
  | 'unauthenticated'
  | 'forbidden'
  | 'not_found'
  | 'internal'
  | 'checksum_mismatch'
  | 'storage_error';

/** Progress of one listed document. */
export interface DocumentProgress {
  readonly document: MeetingDocument;
  readonly state: FileState;
  readonly receivedBytes: number;
  readonly errorCode: DownloadErrorCode | null;
  /** A different version of this document was on the device before: show "phiên bản mới". */
  readonly newVersion: boolean;
}

/** Everything the distribution panel shows, as one immutable value. */
export interface DistributionSnapshot {
  /** False until the first document list arrived. */
  readonly listLoaded: boolean;
  readonly documents: readonly DocumentProgress[];
  /** Over distinct files (two documents with the same bytes download once). */
  readonly total: TotalProgress;
  /** Over the last few seconds. */
  readonly bytesPerSecond: number;
  /** Null while the rate is unknown. */
  readonly secondsLeft: number | null;
  /** True while anything is checking, queued, downloading, verifying or waiting to retry. */
  readonly busy: boolean;
}

/** A document's bytes and where they came from. */
export interface LoadedBytes {
  readonly bytes: Uint8Array;
  /** `network` when the device had no copy yet and the server was asked directly. */
  readonly source: 'cache' | 'network';
}

/** A cached document read in parts (the viewer hands it to pdf.js as a range source). */
export interface CachedRanges {
  readonly byteLength: number;
  /** Bytes `[begin, end)`; rejects when the copy was removed meanwhile. */
  read(begin: number, end: number): Promise<Uint8Array>;
}

/** What the manager needs from the outside world. */
export interface DownloadManagerOptions {
  readonly cache: DocumentCache;
  readonly fetchBlob: FetchBlob;
  /**
   * How "no export" documents are fetched (the raw bytes are refused to their readers). Without
   * it they are fetched from /blobs like the others (only the meeting's managers get those).
   */
  readonly fetchReaderCopy?: FetchReaderCopy;
  /** Which reader copy of each document is on the device (this participant's); needed with `fetchReaderCopy`. */
  readonly readerCopies?: ReaderCopyIndex;
  /** Per-participant record behind the "new version" badge; optional. */
  readonly seen?: SeenVersions;
  /** Called once when the server says the device token is no longer valid. */
  readonly onUnauthenticated?: () => void;
  readonly concurrency?: number;
  /** Attempts per file before it is reported as failed (the user can retry; so can a revision change). */
  readonly maxAttempts?: number;
  /** Bytes gathered in memory before they are written to the cache. */
  readonly flushBytes?: number;
  /** A download that receives nothing for this long is aborted and retried. */
  readonly stallMs?: number;
  /** Backoff base and cap (ms). */
  readonly backoffBaseMs?: number;
  readonly backoffMaxMs?: number;
  /** Minimum time between two progress notifications while bytes stream in. */
  readonly notifyEveryMs?: number;
  readonly now?: () => number;
  readonly random?: () => number;
  readonly setTimer?: (callback: () => void, ms: number) => unknown;
  readonly clearTimer?: (handle: unknown) => void;
  /** Where unexpected failures are reported; `console` by default. */
  readonly logger?: Pick<Console, 'warn' | 'error'>;
}

/** Where a file's bytes come from. */
type FileSource =
  /** The stored bytes, shared by every document with them. */
  | { readonly kind: 'blob' }
  /** The reader's copy of one document's current version (`sourceSha256`). */
  | { readonly kind: 'reader-copy'; readonly documentId: string; readonly sourceSha256: string };

/** The bytes a job stores: their name in the device cache and their size. */
interface FileTarget {
  readonly sha256: string;
  readonly byteSize: number;
}

/** Mutable per-file bookkeeping; never handed out. */
interface FileJob {
  /** The job's key in `files` (see {@link fileKey}). */
  readonly key: string;
  readonly source: FileSource;
  /**
   * What is stored: a blob's hash and size from the list; for a reader copy what the server
   * announced (null until it has, or the device remembered it).
   */
  target: FileTarget | null;
  /** The size progress counts against: the target's, or the document's until a copy's is known. */
  byteSize: number;
  state: FileState;
  /** Bytes on the device (stored plus gathered in memory). */
  received: number;
  /** Consecutive failed attempts; reset when bytes flow again. */
  attempts: number;
  /** The one extra download allowed after a checksum mismatch has been used. */
  mismatchRetried: boolean;
  errorCode: DownloadErrorCode | null;
  /** Aborts the running download or the wait before the next attempt. */
  controller: AbortController | null;
}

/** Thrown inside a download to end it with a specific code. */
class DownloadFailure extends Error {
  override readonly name = 'DownloadFailure';
  constructor(
    readonly code: DownloadErrorCode,
    readonly permanent: boolean,
    message: string,
  ) {
    super(message);
  }
}

function codeForStatus(status: number): DownloadErrorCode {
  if (status === 401) return 'unauthenticated';
  if (status === 403) return 'forbidden';
  if (status === 404) return 'not_found';
  if (status >= 500) return 'internal';
  return 'network_error';
}

/**
 * The file a document's current version is: its bytes' hash (documents with the same bytes share
 * one download), or for a "no export" document its own reader copy of that version.
 */
function fileKey(document: MeetingDocument, copies: boolean): string {
  return copies && document.noExport ? `copy:${document.id}:${document.sha256}` : document.sha256;
}

const EMPTY_TOTAL: TotalProgress = { totalBytes: 0, receivedBytes: 0, percent: 0, doneCount: 0, count: 0 };

/** See the module comment. One manager per meeting and device session. */
export class DownloadManager {
  private readonly cache: DocumentCache;
  private readonly fetchBlob: FetchBlob;
  private readonly fetchReaderCopy: FetchReaderCopy | null;
  private readonly readerCopies: ReaderCopyIndex | null;
  private readonly seen: SeenVersions | undefined;
  private readonly onUnauthenticated: (() => void) | undefined;
  private readonly concurrency: number;
  private readonly maxAttempts: number;
  private readonly flushBytes: number;
  private readonly stallMs: number;
  private readonly backoffBaseMs: number;
  private readonly backoffMaxMs: number;
  private readonly notifyEveryMs: number;
  private readonly now: () => number;
  private readonly random: () => number;
  private readonly setTimer: (callback: () => void, ms: number) => unknown;
  private readonly clearTimer: (handle: unknown) => void;
  private readonly logger: Pick<Console, 'warn' | 'error'>;

  /** The current document list, in agenda order; null before the first one arrives. */
  private documents: readonly MeetingDocument[] | null = null;
  /** {@link fileKey} → job, for the files behind the current list (in list order). */
  private files = new Map<string, FileJob>();
  private readonly meter: RateMeter;
  private readonly listeners = new Set<() => void>();
  private snapshot: DistributionSnapshot;
  /** Pending throttled notification. */
  private notifyTimer: unknown = null;
  /** Refreshes rate and time left once a second while downloading, even when bytes stall. */
  private tickTimer: unknown = null;
  private destroyed = false;
  private unauthenticatedReported = false;
  /** The downloads running now (each settles once its file is stored, failed or aborted). */
  private readonly running = new Set<Promise<void>>();

  constructor(options: DownloadManagerOptions) {
    this.cache = options.cache;
    this.fetchBlob = options.fetchBlob;
    this.fetchReaderCopy = options.fetchReaderCopy ?? null;
    this.readerCopies = options.fetchReaderCopy ? (options.readerCopies ?? null) : null;
    this.seen = options.seen;
    this.onUnauthenticated = options.onUnauthenticated;
    this.concurrency = options.concurrency ?? MAX_PARALLEL_DOWNLOADS;
    this.maxAttempts = options.maxAttempts ?? 6;
    this.flushBytes = options.flushBytes ?? 1024 * 1024;
    this.stallMs = options.stallMs ?? 30_000;
    this.backoffBaseMs = options.backoffBaseMs ?? 1_000;
    this.backoffMaxMs = options.backoffMaxMs ?? 30_000;
    this.notifyEveryMs = options.notifyEveryMs ?? 150;
    this.now = options.now ?? (() => performance.now());
    this.random = options.random ?? Math.random;
    this.setTimer = options.setTimer ?? ((callback, ms) => setTimeout(callback, ms));
    this.clearTimer =
      options.clearTimer ?? ((handle) => clearTimeout(handle as ReturnType<typeof setTimeout>));
    this.logger = options.logger ?? console;
    this.meter = new RateMeter(5_000);
    this.snapshot = this.buildSnapshot();
  }

  /** For React's useSyncExternalStore. */
  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => {
      this.listeners.delete(listener);
    };
  };

  /** For React's useSyncExternalStore: the same object until something changed. */
  getSnapshot = (): DistributionSnapshot => this.snapshot;

  /**
   * Sets the documents to keep on the device (the participant's list, current versions).
   * New files are checked against the cache and queued; files no longer listed stop
   * downloading (their partial bytes stay, to resume if they come back); failed files are
   * tried again, since a new list is a good moment for that.
   */
  setDocuments(documents: readonly MeetingDocument[]): void {
    if (this.destroyed) return;
    this.documents = [...documents];
    const next = new Map<string, FileJob>();
    for (const document of documents) {
      const key = this.keyOf(document);
      if (next.has(key)) continue;
      const existing = this.files.get(key);
      if (existing) {
        if (existing.state === 'error') this.requeue(existing);
        next.set(key, existing);
      } else {
        const copy = key !== document.sha256;
        const job: FileJob = {
          key,
          source: copy
            ? { kind: 'reader-copy', documentId: document.id, sourceSha256: document.sha256 }
            : { kind: 'blob' },
          target: copy ? null : { sha256: document.sha256, byteSize: document.byteSize },
          byteSize: document.byteSize,
          state: 'checking',
          received: 0,
          attempts: 0,
          mismatchRetried: false,
          errorCode: null,
          controller: null,
        };
        next.set(key, job);
        void this.check(job);
      }
    }
    for (const [key, job] of this.files) {
      if (!next.has(key)) job.controller?.abort();
    }
    this.files = next;
    this.rememberCachedVersions();
    this.pump();
    this.notify(true);
  }

  /** Tries every failed file again now (the "Thử lại" button, or the network came back). */
  retryFailed(): void {
    for (const job of this.files.values()) {
      if (job.state === 'error') this.requeue(job);
      else if (job.state === 'waiting') {
        // Cut the backoff short: the caller knows the network is back.
        job.controller?.abort();
        this.requeue(job);
      }
    }
    this.pump();
    this.notify(true);
  }

  /** Marks the current version of a document as seen (it was opened): clears its badge. */
  markSeen(document: MeetingDocument): void {
    if (!this.seen) return;
    this.seen.remember(document.id, document.sha256, document.version);
    this.notify(true);
  }

  /**
   * The stored copy of a document's current version (its reader copy for "no export"
   * documents), to be read in parts; null when the device has no complete copy, and then
   * {@link loadBytes} gets it.
   */
  async cachedRanges(document: MeetingDocument): Promise<CachedRanges | null> {
    const name = this.cachedName(document);
    if (name === null) return null;
    const byteLength = await this.cache.size(name).catch((error: unknown) => {
      this.logger.warn('reading the document cache failed', error);
      return null;
    });
    if (byteLength === null) return null;
    const cache = this.cache;
    return {
      byteLength,
      async read(begin, end) {
        const bytes = await cache.read(name, begin, end - begin);
        if (bytes === null) throw new Error('the cached document was removed while it was open');
        return bytes;
      },
    };
  }

  /**
   * The bytes of a document's current version: from the cache when stored (works with the
   * server gone), otherwise downloaded whole and checked against the hash (not stored:
   * the queue will store it). Throws a {@link DownloadFailure}-like error with a `code`.
   */
  async loadBytes(document: MeetingDocument, signal?: AbortSignal): Promise<LoadedBytes> {
    const copy = this.keyOf(document) !== document.sha256;
    const name = this.cachedName(document);
    const cached =
      name === null
        ? null
        : await this.cache.get(name).catch((error: unknown) => {
            this.logger.warn('reading the document cache failed', error);
            return null;
          });
    if (cached) return { bytes: cached, source: 'cache' };
    const controller = new AbortController();
    const abort = (): void => controller.abort();
    signal?.addEventListener('abort', abort, { once: true });
    try {
      const response =
        copy && this.fetchReaderCopy
          ? await this.fetchReaderCopy(document.id, { offset: 0, ifRange: null, signal: controller.signal })
          : await this.fetchBlob(document.sha256, { offset: 0, signal: controller.signal });
      if (response.status !== 200 || response.body === null) {
        await response.body?.cancel().catch(() => undefined);
        throw new DownloadFailure(codeForStatus(response.status), true, `HTTP ${response.status}`);
      }
      // A reader copy is checked against what the server says of it, a blob against the list.
      const expected = copy ? announcedTarget(response as ReaderCopyResponse) : document;
      const chunks: Uint8Array[] = [];
      let length = 0;
      const reader = response.body.getReader();
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        chunks.push(value);
        length += value.byteLength;
        if (length > expected.byteSize) {
          await reader.cancel().catch(() => undefined);
          break;
        }
      }
      const bytes = concatBytes(chunks, length);
      if (bytes.byteLength !== expected.byteSize || (await sha256Hex(bytes)) !== expected.sha256) {
        throw new DownloadFailure(
          'checksum_mismatch',
          true,
          'the downloaded bytes do not match the document',
        );
      }
      return { bytes, source: 'network' };
    } catch (error) {
      if (error instanceof DownloadFailure) throw error;
      throw new DownloadFailure('network_error', false, String(error));
    } finally {
      signal?.removeEventListener('abort', abort);
    }
  }

  /**
   * Stops like {@link destroy} and resolves once no download can write to the cache any more
   * (an aborted download still stores the bytes it had gathered): what the caller deletes
   * afterwards stays deleted.
   */
  async stop(): Promise<void> {
    this.destroy();
    while (this.running.size > 0) await Promise.allSettled([...this.running]);
  }

  /** Stops every download and timer; the manager cannot be used afterwards. */
  destroy(): void {
    this.destroyed = true;
    for (const job of this.files.values()) job.controller?.abort();
    if (this.notifyTimer !== null) this.clearTimer(this.notifyTimer);
    if (this.tickTimer !== null) this.clearTimer(this.tickTimer);
    this.notifyTimer = null;
    this.tickTimer = null;
    this.listeners.clear();
  }

  // ---------------------------------------------------------------- internals

  /** The job key of a document's current version (see {@link fileKey}). */
  /** The document's name in the device cache: its hash, or its known reader copy's (else null). */
  private cachedName(document: MeetingDocument): string | null {
    if (this.keyOf(document) === document.sha256) return document.sha256;
    return this.readerCopies?.get(document.id, document.sha256)?.sha256 ?? null;
  }

  private keyOf(document: MeetingDocument): string {
    return fileKey(document, this.fetchReaderCopy !== null);
  }

  private isCurrent(job: FileJob): boolean {
    return !this.destroyed && this.files.get(job.key) === job;
  }

  /** The job's name in the device cache; only called once the target is known. */
  private nameOf(job: FileJob): string {
    if (job.target === null) throw new Error(`the bytes of ${job.key} are not known yet`);
    return job.target.sha256;
  }

  /** For a reader copy: the copy of this version the device remembers (null when none). */
  private rememberedTarget(job: FileJob): FileTarget | null {
    if (job.source.kind !== 'reader-copy') return job.target;
    return this.readerCopies?.get(job.source.documentId, job.source.sourceSha256) ?? null;
  }

  /**
   * A reader copy's bytes as the server announced them: remembered for this participant (so the
   * copy opens offline and a cut download resumes), and a copy it replaces is deleted from the
   * device — an earlier version of a "no export" document is not kept.
   */
  private async retarget(job: FileJob, target: FileTarget): Promise<void> {
    job.target = target;
    job.byteSize = target.byteSize;
    if (job.source.kind !== 'reader-copy' || !this.readerCopies) return;
    const replaced = this.readerCopies.set(job.source.documentId, {
      sourceSha256: job.source.sourceSha256,
      sha256: target.sha256,
      byteSize: target.byteSize,
    });
    if (replaced) await this.cache.delete(replaced.sha256).catch(() => undefined);
  }

  private requeue(job: FileJob): void {
    job.state = 'queued';
    job.errorCode = null;
    job.attempts = 0;
    job.mismatchRetried = false;
  }

  /** First look at a new file: already stored, partly stored, or not at all. */
  private async check(job: FileJob): Promise<void> {
    try {
      const target = this.rememberedTarget(job);
      if (target && job.target === null) {
        job.target = target;
        job.byteSize = target.byteSize;
      }
      // Always after an await: `setDocuments` installs the job list only after starting its checks.
      const state = await (target
        ? this.cache.state(target.sha256)
        : Promise.resolve({ complete: false, partialBytes: 0 }));
      if (!this.isCurrent(job) || job.state !== 'checking') return;
      if (state.complete) {
        job.state = 'cached';
        job.received = job.byteSize;
      } else {
        job.state = 'queued';
        job.received = Math.min(state.partialBytes, job.byteSize);
      }
    } catch (error) {
      if (!this.isCurrent(job)) return;
      this.logger.warn('checking the document cache failed', error);
      job.state = 'queued';
    }
    this.rememberCachedVersions();
    this.pump();
    this.notify(true);
  }

  /** Starts queued files while download slots are free. */
  private pump(): void {
    if (this.destroyed) return;
    for (const job of pickNext([...this.files.values()], this.concurrency)) {
      job.state = 'downloading';
      job.controller = new AbortController();
      const running = this.run(job, job.controller.signal);
      this.running.add(running);
      void running.finally(() => this.running.delete(running));
    }
    this.updateTicker();
  }

  /** One file, from the first attempt to cached or failed. */
  private async run(job: FileJob, signal: AbortSignal): Promise<void> {
    while (!signal.aborted && this.isCurrent(job)) {
      try {
        await this.attempt(job, signal);
        if (!this.isCurrent(job)) return;
        job.state = 'cached';
        job.received = job.byteSize;
        job.errorCode = null;
        job.controller = null;
        this.rememberCachedVersions();
        break;
      } catch (error) {
        if (signal.aborted || !this.isCurrent(job)) return;
        const failure = this.toFailure(error);
        if (failure.code === 'unauthenticated' && !this.unauthenticatedReported) {
          this.unauthenticatedReported = true;
          this.onUnauthenticated?.();
        }
        if (failure.code === 'checksum_mismatch') {
          // The partial copy is gone either way: whatever comes next starts from zero.
          job.received = 0;
          if (!job.mismatchRetried) {
            job.mismatchRetried = true;
            continue;
          }
        }
        job.attempts += 1;
        // A second mismatch means the server's copy itself is bad: retrying cannot help.
        if (failure.permanent || failure.code === 'checksum_mismatch' || job.attempts >= this.maxAttempts) {
          this.logger.warn(`download of ${job.key} failed: ${failure.message}`);
          job.state = 'error';
          job.errorCode = failure.code;
          job.controller = null;
          break;
        }
        job.state = 'waiting';
        job.errorCode = failure.code;
        this.notify(true);
        this.updateTicker();
        const resumed = await this.sleep(
          backoffDelay(job.attempts, this.random(), { baseMs: this.backoffBaseMs, maxMs: this.backoffMaxMs }),
          signal,
        );
        if (!resumed || !this.isCurrent(job)) return;
        job.state = 'downloading';
      }
    }
    this.notify(true);
    this.pump();
  }

  /** One request: resume or restart, stream into the cache, verify. Throws on any failure. */
  private async attempt(job: FileJob, signal: AbortSignal): Promise<void> {
    const known = job.target;
    let offset = 0;
    if (known !== null) {
      const state = await this.storage(() => this.cache.state(known.sha256));
      if (state.complete) return;
      offset = state.partialBytes;
      if (offset > known.byteSize) {
        await this.storage(() => this.cache.discardPartial(known.sha256));
        offset = 0;
      }
      job.received = offset;
      if (offset === known.byteSize) {
        await this.verify(job);
        return;
      }
    }

    // A stalled stream never errors by itself: abort it when nothing arrives for stallMs.
    const request = new AbortController();
    const onAbort = (): void => request.abort();
    signal.addEventListener('abort', onAbort, { once: true });
    let stallTimer: unknown = null;
    const armStall = (): void => {
      if (stallTimer !== null) this.clearTimer(stallTimer);
      stallTimer = this.setTimer(() => request.abort(), this.stallMs);
    };
    armStall();
    try {
      const { source } = job;
      let response: BlobResponse;
      if (source.kind === 'reader-copy' && this.fetchReaderCopy) {
        const answer = await this.fetchReaderCopy(source.documentId, {
          offset,
          ifRange: known?.sha256 ?? null,
          signal: request.signal,
        });
        response = answer;
        if (answer.status === 200 || answer.status === 206) {
          const announced = announcedTarget(answer);
          if (announced.sha256 !== known?.sha256 || announced.byteSize !== known.byteSize) {
            // A copy the device has not seen (the first request, a new version, a changed
            // stamp): it is stored under its own hash, from its first byte.
            if (answer.status !== 200) {
              await answer.body?.cancel().catch(() => undefined);
              throw new DownloadFailure('network_error', false, 'a range of a copy the device does not have');
            }
            if (known) await this.storage(() => this.cache.discardPartial(known.sha256));
            await this.retarget(job, announced);
            await this.storage(() => this.cache.discardPartial(announced.sha256));
            offset = 0;
            job.received = 0;
          }
        }
      } else {
        response = await this.fetchBlob(this.nameOf(job), { offset, signal: request.signal });
      }
      const decision = decideResume(response, offset, job.byteSize);
      switch (decision.kind) {
        case 'append':
        case 'restart': {
          if (decision.kind === 'restart') {
            await this.storage(() => this.cache.discardPartial(this.nameOf(job)));
            offset = 0;
            job.received = 0;
          }
          if (response.body === null)
            throw new DownloadFailure('network_error', false, 'answer without a body');
          await this.stream(job, response.body, offset, armStall);
          break;
        }
        case 'complete':
          await response.body?.cancel().catch(() => undefined);
          break;
        case 'discard':
          await response.body?.cancel().catch(() => undefined);
          if (job.target) await this.storage(() => this.cache.discardPartial(this.nameOf(job)));
          job.received = 0;
          throw new DownloadFailure('network_error', false, `unusable answer ${response.status} to a resume`);
        case 'fail':
          await response.body?.cancel().catch(() => undefined);
          throw new DownloadFailure(
            codeForStatus(decision.status),
            decision.permanent,
            `HTTP ${decision.status}`,
          );
        default: {
          const unhandled: never = decision;
          throw new Error(`unhandled resume decision ${JSON.stringify(unhandled)}`);
        }
      }
    } finally {
      if (stallTimer !== null) this.clearTimer(stallTimer);
      signal.removeEventListener('abort', onAbort);
    }
    await this.verify(job);
  }

  /** Reads the body into the cache from `offset`, in chunks of about `flushBytes`. */
  private async stream(
    job: FileJob,
    body: ReadableStream<Uint8Array>,
    offset: number,
    onBytes: () => void,
  ): Promise<void> {
    const reader = body.getReader();
    let stored = offset;
    let pending: Uint8Array[] = [];
    let pendingBytes = 0;
    const flush = async (): Promise<void> => {
      if (pendingBytes === 0) return;
      const chunk = concatBytes(pending, pendingBytes);
      pending = [];
      pendingBytes = 0;
      stored = await this.storage(() => this.cache.appendChunk(this.nameOf(job), stored, chunk));
    };
    try {
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        if (value.byteLength === 0) continue;
        onBytes();
        if (stored + pendingBytes + value.byteLength > job.byteSize) {
          throw new DownloadFailure(
            'checksum_mismatch',
            false,
            'the server sent more bytes than the document has',
          );
        }
        pending.push(value);
        pendingBytes += value.byteLength;
        job.received = stored + pendingBytes;
        // Bytes flowing again: the next failure starts a fresh backoff series.
        job.attempts = 0;
        this.meter.add(this.now(), value.byteLength);
        this.notify(false);
        if (pendingBytes >= this.flushBytes) await flush();
      }
      await flush();
    } catch (error) {
      // Keep what arrived so the next attempt resumes after it (best effort: the
      // original failure is what matters).
      if (error instanceof DownloadFailure && error.code === 'checksum_mismatch') {
        // What is stored cannot be these bytes: start over rather than resume.
        await this.cache.discardPartial(this.nameOf(job)).catch(() => undefined);
        job.received = 0;
      } else {
        await flush().catch(() => undefined);
      }
      reader.cancel().catch(() => undefined);
      throw error;
    }
    if (stored !== job.byteSize) {
      throw new DownloadFailure(
        'network_error',
        false,
        `stream ended after ${stored} of ${job.byteSize} bytes`,
      );
    }
  }

  /** Checks the stored bytes against their hash and makes them the complete copy. */
  private async verify(job: FileJob): Promise<void> {
    job.state = 'verifying';
    this.notify(true);
    try {
      await this.cache.commit(this.nameOf(job), job.byteSize);
    } catch (error) {
      if (error instanceof CacheChecksumError) {
        throw new DownloadFailure('checksum_mismatch', false, error.message);
      }
      throw this.storageFailure(error);
    }
  }

  /** Runs a cache operation; its failures become `storage_error` (or a resumable mismatch). */
  private async storage<T>(operation: () => Promise<T>): Promise<T> {
    try {
      return await operation();
    } catch (error) {
      throw this.storageFailure(error);
    }
  }

  private storageFailure(error: unknown): DownloadFailure {
    if (error instanceof DownloadFailure) return error;
    if (error instanceof CacheOffsetError) {
      // Someone else wrote to the partial copy (another tab): resume from what is stored.
      return new DownloadFailure('network_error', false, error.message);
    }
    if (error instanceof CacheChecksumError)
      return new DownloadFailure('checksum_mismatch', false, error.message);
    this.logger.error('the document cache failed', error);
    return new DownloadFailure('storage_error', true, String(error));
  }

  private toFailure(error: unknown): DownloadFailure {
    if (error instanceof DownloadFailure) return error;
    return new DownloadFailure('network_error', false, String(error));
  }

  /** Resolves true after `ms`, or false as soon as `signal` aborts. */
  private sleep(ms: number, signal: AbortSignal): Promise<boolean> {
    return new Promise((resolve) => {
      if (signal.aborted) {
        resolve(false);
        return;
      }
      const onAbort = (): void => {
        this.clearTimer(timer);
        resolve(false);
      };
      const timer = this.setTimer(() => {
        signal.removeEventListener('abort', onAbort);
        resolve(true);
      }, ms);
      signal.addEventListener('abort', onAbort, { once: true });
    });
  }

  /** The first time a document is on the device, its version becomes the "seen" one. */
  private rememberCachedVersions(): void {
    if (!this.seen || !this.documents) return;
    for (const document of this.documents) {
      const job = this.files.get(this.keyOf(document));
      if (job?.state === 'cached' && this.seen.get(document.id) === undefined) {
        this.seen.remember(document.id, document.sha256, document.version);
      }
    }
  }

  /** Keeps a 1 s ticker while anything is active, so rate and time left decay when bytes stall. */
  private updateTicker(): void {
    const active = [...this.files.values()].some(
      (job) => job.state === 'downloading' || job.state === 'verifying' || job.state === 'waiting',
    );
    if (active && this.tickTimer === null && !this.destroyed) {
      const tick = (): void => {
        this.tickTimer = null;
        this.notify(true);
        this.updateTicker();
      };
      this.tickTimer = this.setTimer(tick, 1_000);
    } else if (!active && this.tickTimer !== null) {
      this.clearTimer(this.tickTimer);
      this.tickTimer = null;
    }
  }

  /** Publishes a new snapshot now (`immediate`) or at most every `notifyEveryMs`. */
  private notify(immediate: boolean): void {
    if (this.destroyed) return;
    if (immediate) {
      if (this.notifyTimer !== null) this.clearTimer(this.notifyTimer);
      this.notifyTimer = null;
      this.publish();
      return;
    }
    if (this.notifyTimer !== null) return;
    this.notifyTimer = this.setTimer(() => {
      this.notifyTimer = null;
      this.publish();
    }, this.notifyEveryMs);
  }

  private publish(): void {
    this.snapshot = this.buildSnapshot();
    for (const listener of this.listeners) listener();
  }

  private buildSnapshot(): DistributionSnapshot {
    if (this.documents === null) {
      return {
        listLoaded: false,
        documents: [],
        total: EMPTY_TOTAL,
        bytesPerSecond: 0,
        secondsLeft: null,
        busy: true,
      };
    }
    const rows: DocumentProgress[] = this.documents.map((document) => {
      const job = this.files.get(this.keyOf(document));
      return {
        document,
        state: job?.state ?? 'checking',
        receivedBytes: job?.received ?? 0,
        errorCode: job?.errorCode ?? null,
        newVersion: this.seen?.isNewVersion(document.id, document.sha256) ?? false,
      };
    });
    const jobs = [...this.files.values()];
    const total = totalProgress(
      jobs.map((job) => ({
        byteSize: job.byteSize,
        receivedBytes: job.received,
        done: job.state === 'cached',
      })),
    );
    const busy = jobs.some((job) => job.state !== 'cached' && job.state !== 'error');
    const rate = busy ? this.meter.rate(this.now()) : 0;
    return {
      listLoaded: true,
      documents: rows,
      total,
      bytesPerSecond: rate,
      secondsLeft: busy ? secondsLeft(total.totalBytes - total.receivedBytes, rate) : 0,
      busy,
    };
  }
}

/**
 * What the server says of the reader copy it sends: its hash and whole size. An answer that
 * does not say cannot be checked, so it is not stored.
 */
function announcedTarget(response: ReaderCopyResponse): FileTarget {
  const { sha256, totalBytes } = response;
  if (sha256 === null || !/^[0-9a-f]{64}$/.test(sha256) || totalBytes === null || !(totalBytes > 0)) {
    throw new DownloadFailure('internal', true, 'the server did not say which copy it sent');
  }
  return { sha256, byteSize: totalBytes };
}

/** The error `loadBytes` rejects with carries one of these codes. */
export function downloadErrorCodeOf(error: unknown): DownloadErrorCode {
  return error instanceof DownloadFailure ? error.code : 'internal';
}
