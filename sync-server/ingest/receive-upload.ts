import { createHash, randomBytes } from 'node:crypto';
import { createWriteStream, type WriteStream } from 'node:fs';
import { mkdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { asStorageError, InsufficientStorageError, spaceBudget } from '../blobs/insufficient-storage';
import { type StorageReserve, storageReserveFromEnv } from '../runtime/free-space';
import { PRIVATE_DIR_MODE } from '../runtime/private-files';
import { IngestError, UploadAbortedError } from './ingest-error';

/** A request body safely on disk. */
export interface ReceivedUpload {
  /** A temp file inside `tmpDir`; the caller moves or deletes it. */
  readonly path: string;
  readonly byteSize: number;
  /** Lower-case hex SHA-256 of the bytes. */
  readonly sha256: string;
}

/** Where an upload goes and how big it may be. */
export interface ReceiveUploadOptions {
  /** Where the temp file goes (created if missing); best on the same disk as the blob store. */
  readonly tmpDir: string;
  /** More bytes than this → payload_too_large. */
  readonly limitBytes: number;
  /** The Content-Length the client announced, if any: over the limit fails before reading a byte. */
  readonly declaredBytes?: number;
  /**
   * Free space the upload must leave on the temp folder's disk (default: from the environment,
   * see `storageReserveFromEnv`; max(1 GiB, 5 %) when unset). An upload that does not fit is
   * insufficient_storage — before a byte is read when its size was announced.
   */
  readonly reserve?: StorageReserve;
}

/** A unique temp file name in `dir`. */
export function tempPath(dir: string, prefix: string, suffix = '.tmp'): string {
  return join(dir, `${prefix}-${Date.now().toString(36)}-${randomBytes(8).toString('hex')}${suffix}`);
}

const noop = (): void => {};

/**
 * Streams `source` (an HTTP request body) into a temp file while hashing and counting it, so a
 * 200 MB upload never sits in memory. Over `limitBytes` it stops reading — pausing the source
 * rather than destroying it, so the caller can still answer 413 on the same connection (send
 * `Connection: close` with it, or Node will read the rest of the body) — deletes the temp file
 * and throws `IngestError('payload_too_large')`. A client that goes away mid-upload gets its
 * temp file deleted too, and an {@link UploadAbortedError}. An upload the disk has no room for —
 * one that would leave less than the reserve free, or that meets a full disk — stops the same
 * way with an {@link InsufficientStorageError} (507).
 */
export async function receiveUpload(source: Readable, opts: ReceiveUploadOptions): Promise<ReceivedUpload> {
  if (opts.declaredBytes !== undefined && opts.declaredBytes > opts.limitBytes) {
    source.pause();
    throw IngestError.tooLarge(opts.limitBytes);
  }
  await mkdir(opts.tmpDir, { recursive: true, mode: PRIVATE_DIR_MODE });
  let budget: Awaited<ReturnType<typeof spaceBudget>>;
  try {
    budget = await spaceBudget(
      opts.tmpDir,
      opts.reserve ?? storageReserveFromEnv(),
      opts.declaredBytes ?? null,
    );
  } catch (err) {
    source.pause();
    throw err;
  }
  const path = tempPath(opts.tmpDir, 'upload');
  const out = createWriteStream(path, { flags: 'wx', mode: 0o600 });
  const hash = createHash('sha256');
  let byteSize = 0;

  const outcome = await new Promise<{ ok: true } | { ok: false; error: Error }>((resolve) => {
    let settled = false;
    const settle = (result: { ok: true } | { ok: false; error: Error }): void => {
      if (settled) return;
      settled = true;
      source.off('data', onData);
      source.off('end', onEnd);
      source.off('error', onSourceError);
      source.off('aborted', onAborted);
      source.off('close', onClose);
      out.off('error', onOutError);
      // A late 'error' on a source nobody listens to any more must not crash the server.
      source.on('error', noop);
      resolve(result);
    };
    const fail = (error: Error): void => {
      source.pause();
      settle({ ok: false, error });
    };
    const onData = (chunk: Buffer | string): void => {
      if (settled) return;
      const bytes = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
      byteSize += bytes.byteLength;
      if (byteSize > opts.limitBytes) {
        fail(IngestError.tooLarge(opts.limitBytes));
        return;
      }
      if (budget && byteSize > budget.budgetBytes) {
        fail(InsufficientStorageError.belowReserve(budget.space, budget.reserveBytes, null));
        return;
      }
      hash.update(bytes);
      if (!out.write(bytes)) {
        source.pause();
        out.once('drain', () => {
          if (!settled) source.resume();
        });
      }
    };
    const onEnd = (): void => {
      if (settled) return;
      // Wait for 'close', not 'finish': the caller may rename the file next (Windows refuses open files).
      out.once('close', () => settle({ ok: true }));
      out.end();
    };
    const onSourceError = (err: Error): void => fail(new UploadAbortedError(abortMessage(err)));
    const onAborted = (): void => fail(new UploadAbortedError());
    const onClose = (): void => {
      // 'close' before 'end' means the body stopped short.
      if (!source.readableEnded) fail(new UploadAbortedError());
    };
    // ENOSPC / EDQUOT: the disk filled up under us (another upload, the database, anything).
    const onOutError = (err: Error): void => fail(asStorageError(err) as Error);

    source.on('data', onData);
    source.once('end', onEnd);
    source.once('error', onSourceError);
    source.once('aborted', onAborted);
    source.once('close', onClose);
    out.once('error', onOutError);
    if (source.readableEnded) onEnd();
    // Gone while the folder and free space were checked: its 'close' has fired already.
    else if (source.destroyed) fail(new UploadAbortedError());
    else source.resume();
  });

  if (!outcome.ok) {
    await closeQuietly(out);
    await rm(path, { force: true });
    throw outcome.error;
  }
  return { path, byteSize, sha256: hash.digest('hex') };
}

function abortMessage(err: Error): string | undefined {
  const code = (err as NodeJS.ErrnoException).code;
  return code === 'ECONNRESET' || err.message === 'aborted'
    ? undefined
    : `The upload failed before the whole file arrived: ${err.message}`;
}

/** Destroys a write stream and waits until its file is closed (Windows cannot delete open files). */
async function closeQuietly(out: WriteStream): Promise<void> {
  if (out.closed) return;
  await new Promise<void>((resolve) => {
    out.once('close', () => resolve());
    out.once('error', () => {});
    out.destroy();
  });
}
