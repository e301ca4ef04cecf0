import { Worker } from 'node:worker_threads';
import { resolveWorkerEntry as resolveEntry, type WorkerEntry } from '../runtime/worker-entry';
import type { ReasonRef } from '#common/schemas/error-reasons';
import { IngestError, type IngestErrorCode } from './ingest-error';
import type { PdfInspection } from './pdf-parse';

export type { PdfInspection } from './pdf-parse';

/** A request to the inspection worker. */
export interface InspectRequest {
  readonly id: number;
  readonly path: string;
}

/**
 * What the worker sends: once `ready` when its modules have loaded, then one answer per
 * request. IngestErrors cross the thread boundary as values and are rebuilt here.
 */
export type InspectResponse =
  | { readonly ready: true }
  | { readonly id: number; readonly ok: true; readonly result: PdfInspection }
  | {
      readonly id: number;
      readonly ok: false;
      readonly error:
        | {
            readonly kind: 'ingest';
            readonly code: IngestErrorCode;
            readonly message: string;
            readonly why: ReasonRef | null;
          }
        | { readonly kind: 'internal'; readonly code: null; readonly message: string };
    };

/** How long reading one PDF may take before its worker is killed. */
export const DEFAULT_INSPECT_TIMEOUT_MS = 120_000;

/** Per-file settings of an inspection. */
export interface InspectPdfOptions {
  /** Kill the worker and refuse the file after this long (default 120 s). */
  readonly timeoutMs?: number;
}

/** Settings of a {@link PdfInspectorPool}; the defaults suit a small room server. */
export interface PdfInspectorOptions {
  /** Worker threads reading PDFs at the same time (default 1: the room server is a small box). */
  readonly size?: number;
  /** An idle worker exits after this long and is started again on demand (default 1 s). */
  readonly idleMs?: number;
  /** V8 heap cap of a worker; a PDF that needs more is refused instead of starving the server. */
  readonly maxOldGenerationSizeMb?: number;
  /** A fresh worker after this many files, so pdf.js caches cannot grow without bound. */
  readonly maxJobsPerWorker?: number;
}

export type { WorkerEntry } from '../runtime/worker-entry';

/**
 * Finds the worker module next to this one: dist/pdf-inspect-worker.js in the bundle,
 * pdf-inspect-worker.ts (through tsx) from the sources (runtime/worker-entry.ts).
 */
export function resolveWorkerEntry(baseUrl: string = import.meta.url): WorkerEntry {
  return resolveEntry('pdf-inspect-worker', baseUrl, 'the PDF inspection worker');
}

interface Job {
  readonly id: number;
  readonly path: string;
  readonly timeoutMs: number;
  readonly resolve: (r: PdfInspection) => void;
  readonly reject: (e: Error) => void;
}

/** One worker thread and the job it is running. */
interface Slot {
  worker: Worker | null;
  /** The worker has loaded its modules: failures from now on are the PDF's fault, not ours. */
  ready: boolean;
  job: Job | null;
  timer: NodeJS.Timeout | null;
  idleTimer: NodeJS.Timeout | null;
  jobsDone: number;
}

/**
 * A small pool of worker threads that read PDFs with pdf.js, so a 500-page upload never blocks
 * the server's event loop. Each job has a timeout; a worker that runs over it, crashes or runs
 * out of memory is terminated, its file refused with a clear message, and a fresh worker takes
 * the next job. Idle workers are unref'd (they never keep the process alive) and exit after a
 * while to give their memory back.
 */
export class PdfInspectorPool {
  readonly #queue: Job[] = [];
  readonly #slots: Slot[];
  readonly #idleMs: number;
  readonly #maxOldGenerationSizeMb: number;
  readonly #maxJobsPerWorker: number;
  #entry: WorkerEntry | null = null;
  #nextId = 1;
  #closed = false;

  constructor(opts: PdfInspectorOptions = {}) {
    const size = Math.max(1, opts.size ?? 1);
    this.#slots = Array.from({ length: size }, () => ({
      worker: null,
      ready: false,
      job: null,
      timer: null,
      idleTimer: null,
      jobsDone: 0,
    }));
    // A parked pdf.js worker holds ~120 MB, and the room-wide download rush follows soon after
    // the last upload; the secretariat's uploads arrive back to back, so one idle second is
    // enough to keep the worker between them and let it go before the rush.
    this.#idleMs = opts.idleMs ?? 1_000;
    this.#maxOldGenerationSizeMb = opts.maxOldGenerationSizeMb ?? 1024;
    this.#maxJobsPerWorker = opts.maxJobsPerWorker ?? 100;
  }

  /** Reads the PDF at `path` in a worker; rejects with IngestError for files the room refuses. */
  inspect(path: string, opts: InspectPdfOptions = {}): Promise<PdfInspection> {
    if (this.#closed) return Promise.reject(new Error('the PDF inspector is closed'));
    return new Promise((resolve, reject) => {
      this.#queue.push({
        id: this.#nextId++,
        path,
        timeoutMs: opts.timeoutMs ?? DEFAULT_INSPECT_TIMEOUT_MS,
        resolve,
        reject,
      });
      this.#dispatch();
    });
  }

  /** Stops every worker; queued and running jobs are rejected. */
  async close(): Promise<void> {
    this.#closed = true;
    for (const job of this.#queue.splice(0)) job.reject(new Error('the PDF inspector was closed'));
    await Promise.all(
      this.#slots.map(async (slot) => {
        const running = slot.job;
        this.#clearTimers(slot);
        slot.job = null;
        running?.reject(new Error('the PDF inspector was closed'));
        const worker = slot.worker;
        slot.worker = null;
        if (worker) await worker.terminate();
      }),
    );
  }

  #dispatch(): void {
    for (const slot of this.#slots) {
      if (this.#queue.length === 0) return;
      if (slot.job) continue;
      const job = this.#queue.shift()!;
      let worker: Worker;
      try {
        worker = slot.worker ?? this.#startWorker(slot);
      } catch (err) {
        job.reject(err instanceof Error ? err : new Error(String(err)));
        continue;
      }
      if (slot.idleTimer) clearTimeout(slot.idleTimer);
      slot.idleTimer = null;
      slot.job = job;
      worker.ref();
      slot.timer = setTimeout(() => {
        this.#fail(slot, IngestError.readTimeout(job.timeoutMs), true);
      }, job.timeoutMs);
      worker.postMessage({ id: job.id, path: job.path } satisfies InspectRequest);
    }
  }

  #startWorker(slot: Slot): Worker {
    this.#entry ??= resolveWorkerEntry();
    const worker = new Worker(this.#entry.url, {
      resourceLimits: { maxOldGenerationSizeMb: this.#maxOldGenerationSizeMb },
    });
    slot.worker = worker;
    slot.ready = false;
    slot.jobsDone = 0;
    worker.on('message', (res: InspectResponse) => {
      if (slot.worker !== worker) return;
      if ('ready' in res) {
        slot.ready = true;
        return;
      }
      if (!slot.job || slot.job.id !== res.id) return;
      const job = slot.job;
      this.#clearTimers(slot);
      slot.job = null;
      slot.jobsDone++;
      if (res.ok) job.resolve(res.result);
      else if (res.error.kind === 'ingest')
        job.reject(new IngestError(res.error.code, res.error.message, res.error.why ?? undefined));
      else job.reject(new Error(`PDF inspection failed: ${res.error.message}`));
      if (slot.jobsDone >= this.#maxJobsPerWorker) this.#retire(slot);
      else this.#idle(slot);
      this.#dispatch();
    });
    worker.on('error', (err: Error & { code?: string }) => {
      if (slot.worker !== worker) return;
      if (!slot.ready) {
        this.#fail(slot, new Error(`the PDF inspection worker could not start: ${err.message}`), false);
        return;
      }
      const reason =
        err.code === 'ERR_WORKER_OUT_OF_MEMORY'
          ? 'it needs more memory than the server allows for reading one file'
          : `the PDF reader stopped (${err.message})`;
      this.#fail(slot, IngestError.damaged(reason), false);
    });
    worker.on('exit', (code) => {
      if (slot.worker !== worker) return;
      if (!slot.ready) {
        this.#fail(slot, new Error(`the PDF inspection worker exited while starting (code ${code})`), false);
        return;
      }
      this.#fail(slot, IngestError.damaged(`the PDF reader stopped unexpectedly (exit code ${code})`), false);
    });
    return worker;
  }

  /** Ends the slot's job with `error` and throws its worker away. */
  #fail(slot: Slot, error: Error, terminate: boolean): void {
    const job = slot.job;
    const worker = slot.worker;
    this.#clearTimers(slot);
    slot.job = null;
    slot.worker = null;
    if (worker && terminate) void worker.terminate();
    job?.reject(error);
    if (!this.#closed) this.#dispatch();
  }

  #retire(slot: Slot): void {
    const worker = slot.worker;
    slot.worker = null;
    if (worker) void worker.terminate();
  }

  #idle(slot: Slot): void {
    slot.worker?.unref();
    if (this.#queue.length > 0) return;
    slot.idleTimer = setTimeout(() => {
      slot.idleTimer = null;
      if (!slot.job) this.#retire(slot);
    }, this.#idleMs);
    slot.idleTimer.unref();
  }

  #clearTimers(slot: Slot): void {
    if (slot.timer) clearTimeout(slot.timer);
    if (slot.idleTimer) clearTimeout(slot.idleTimer);
    slot.timer = null;
    slot.idleTimer = null;
  }
}

/** The process-wide pool behind {@link inspectPdf}, created on first use. */
let defaultPool: PdfInspectorPool | null = null;

/**
 * Reads a PDF's page count, encryption flag and page texts in a worker thread. Rejects with
 * IngestError (invalid_document) for a file that is not a PDF, is damaged, needs a password,
 * or takes longer than `timeoutMs` (default 120 s) to read.
 */
export function inspectPdf(path: string, opts: InspectPdfOptions = {}): Promise<PdfInspection> {
  defaultPool ??= new PdfInspectorPool();
  return defaultPool.inspect(path, opts);
}

/** Stops the shared inspection worker (server shutdown, tests). It starts again on next use. */
export async function closePdfInspector(): Promise<void> {
  const pool = defaultPool;
  defaultPool = null;
  await pool?.close();
}
