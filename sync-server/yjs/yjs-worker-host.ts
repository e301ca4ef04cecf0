import { getHeapStatistics } from 'node:v8';
import { Worker } from 'node:worker_threads';
import { resolveWorkerEntry, type WorkerEntry } from '../runtime/worker-entry';
import type {
  NumberedRequest,
  WorkerRefusal,
  WorkerRequest,
  WorkerResponse,
  WorkerResults,
} from './yjs-worker-protocol';

/** Bounds of the Yjs worker thread. */
export interface YjsWorkerOptions {
  /**
   * V8 old-space cap of the worker in MB: every document clients write lives there. Default:
   * half of the server's own heap limit, between 128 and 1024 MB.
   */
  readonly maxOldGenerationSizeMb?: number;
  /** How long one request (applying an update, answering a sync) may run (default 2 s). */
  readonly timeoutMs?: number;
  /** How long loading one document from the log may run (default 15 s). */
  readonly loadTimeoutMs?: number;
}

/**
 * Why a request has no answer: the worker ran out of a bound while on it (`timeout`, `memory`,
 * `crash`), could not be started at all (`unavailable`: not the request's fault), or the host
 * was closed.
 */
export type WorkerFailure = 'timeout' | 'memory' | 'crash' | 'unavailable' | 'closed';

export type WorkerAnswer<K extends keyof WorkerResults> =
  | { readonly ok: true; readonly result: WorkerResults[K]; readonly ms: number }
  | { readonly ok: false; readonly refusal: WorkerRefusal; readonly ms: number }
  | { readonly ok: false; readonly failure: WorkerFailure; readonly ms: number };

/** Reads what a document needs to be loaded (its rows, its item budget) when the worker must. */
export type DocLoader = (doc: string) => Extract<WorkerRequest, { op: 'load' }>;

interface Pending {
  readonly req: NumberedRequest;
  readonly timeoutMs: number;
  /** A load the host added before another request, after the worker was replaced. */
  readonly implicit: boolean;
  readonly resolve: (answer: WorkerAnswer<keyof WorkerResults>) => void;
}

/** Half the main heap's limit, between 128 and 1024 MB. */
export function defaultWorkerHeapMb(): number {
  const mainMb = getHeapStatistics().heap_size_limit / (1024 * 1024);
  return Math.round(Math.min(1024, Math.max(128, mainMb / 2)));
}

/**
 * The hub's side of the Yjs worker (yjs-worker.ts). Requests run one after another in the
 * worker; the one it is on has a deadline. A request that runs past it, or during which the
 * worker runs out of memory or dies, is answered with that failure — its update is then never
 * stored nor sent on — and the worker is replaced: the documents it held are read again from
 * the update log (everything the hub had been answered is there) the next time a request needs
 * them, and every request that was still waiting is run again on the new worker, in order.
 */
export class YjsWorkerHost {
  private worker: Worker | null = null;
  private ready = false;
  private entry: WorkerEntry | null = null;
  /** Posted and unanswered, oldest first; the worker works on the first. */
  private queue: Pending[] = [];
  /** Documents the current worker holds. */
  private loaded = new Set<string>();
  /** Why reading a document again (after a restart) was refused, for the request that needed it. */
  private readonly reloadRefusals = new Map<string, string>();
  private headStarted = 0;
  private timer: NodeJS.Timeout | null = null;
  private nextId = 1;
  private closed = false;
  /** Workers replaced so far (tests, logs). */
  restarts = 0;
  readonly heapMb: number;
  private readonly timeoutMs: number;
  private readonly loadTimeoutMs: number;

  constructor(
    private readonly loader: DocLoader,
    private readonly onRestart: (failure: WorkerFailure, culprit: WorkerRequest) => void,
    private readonly onUnavailable: (err: Error) => void,
    opts: YjsWorkerOptions = {},
  ) {
    this.heapMb = opts.maxOldGenerationSizeMb ?? defaultWorkerHeapMb();
    this.timeoutMs = opts.timeoutMs ?? 2_000;
    this.loadTimeoutMs = opts.loadTimeoutMs ?? 15_000;
  }

  /** Whether the current worker holds `doc`. */
  holds(doc: string): boolean {
    return this.loaded.has(doc);
  }

  /**
   * Runs a request. A request on a document the worker does not hold (after a restart) loads
   * it first; if that load is refused, the request is answered with the load's refusal.
   */
  request<K extends WorkerRequest['op']>(req: Extract<WorkerRequest, { op: K }>): Promise<WorkerAnswer<K>> {
    if (this.closed) return Promise.resolve({ ok: false, failure: 'closed', ms: 0 });
    return new Promise((resolve) => {
      this.enqueue(req, resolve as Pending['resolve']);
    });
  }

  /** Forgets a document (its sockets are gone, or it failed). */
  unload(doc: string): void {
    if (!this.loaded.has(doc)) return;
    this.loaded.delete(doc);
    void this.request({ op: 'unload', doc });
  }

  private enqueue(req: WorkerRequest, resolve: Pending['resolve']): void {
    if (req.op !== 'load' && req.op !== 'unload' && !this.loaded.has(req.doc)) {
      // The worker was replaced since the document was opened: read it again first.
      const doc = req.doc;
      this.loaded.add(doc);
      this.post(this.loader(doc), true, (answer) => {
        if (answer.ok) return;
        this.loaded.delete(doc);
        this.reloadRefusals.set(
          doc,
          'refusal' in answer ? answer.refusal.message : `reading it again failed (${answer.failure})`,
        );
      });
    }
    if (req.op === 'load') this.loaded.add(req.doc);
    this.post(req, false, (answer) => {
      if (req.op === 'load' && !answer.ok) this.loaded.delete(req.doc);
      if (
        !answer.ok &&
        'refusal' in answer &&
        answer.refusal.kind === 'malformed' &&
        answer.refusal.dropped
      ) {
        this.loaded.delete(req.doc);
      }
      const why = this.reloadRefusals.get(req.doc);
      if (why !== undefined && !answer.ok && 'refusal' in answer && answer.refusal.kind === 'not-loaded') {
        this.reloadRefusals.delete(req.doc);
        resolve({ ...answer, refusal: { kind: 'not-loaded', message: why } });
        return;
      }
      resolve(answer);
    });
  }

  private post(req: WorkerRequest, implicit: boolean, resolve: Pending['resolve']): void {
    const numbered = { ...req, id: this.nextId++ } as NumberedRequest;
    const timeoutMs = req.op === 'load' ? this.loadTimeoutMs : this.timeoutMs;
    let worker: Worker;
    try {
      worker = this.worker ?? this.start();
    } catch (err) {
      this.onUnavailable(err as Error);
      resolve({ ok: false, failure: 'unavailable', ms: 0 });
      return;
    }
    this.queue.push({ req: numbered, timeoutMs, implicit, resolve });
    worker.postMessage(numbered);
    if (this.queue.length === 1 && this.ready) this.startHead();
  }

  private start(): Worker {
    this.entry ??= resolveWorkerEntry('yjs-worker', import.meta.url, 'the Yjs worker');
    const worker = new Worker(this.entry.url, {
      resourceLimits: { maxOldGenerationSizeMb: this.heapMb },
    });
    worker.unref();
    this.worker = worker;
    this.ready = false;
    this.loaded = new Set();
    worker.on('message', (res: WorkerResponse) => {
      if (this.worker !== worker) return;
      if ('ready' in res) {
        this.ready = true;
        if (this.queue.length > 0) this.startHead();
        return;
      }
      const head = this.queue[0];
      if (!head || head.req.id !== res.id) return;
      this.queue.shift();
      this.clearTimer();
      if (this.queue.length > 0) this.startHead();
      head.resolve(
        res.ok
          ? { ok: true, result: res.result, ms: res.ms }
          : { ok: false, refusal: res.refusal, ms: res.ms },
      );
    });
    worker.on('error', (err: Error & { code?: string }) => {
      if (this.worker !== worker) return;
      if (!this.ready) {
        this.onUnavailable(err);
        this.failAll('unavailable');
        return;
      }
      this.fail(err.code === 'ERR_WORKER_OUT_OF_MEMORY' ? 'memory' : 'crash');
    });
    worker.on('exit', (code) => {
      if (this.worker !== worker) return;
      if (!this.ready) {
        this.onUnavailable(new Error(`the Yjs worker exited while starting (code ${code})`));
        this.failAll('unavailable');
        return;
      }
      this.fail('crash');
    });
    return worker;
  }

  private startHead(): void {
    this.clearTimer();
    const head = this.queue[0];
    if (!head) return;
    this.headStarted = performance.now();
    this.timer = setTimeout(() => this.fail('timeout'), head.timeoutMs);
    this.timer.unref();
  }

  private clearTimer(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }

  /**
   * The worker ran out of a bound (or died) while on the first request: that request fails,
   * the worker goes, and the others run again on a new one.
   */
  private fail(failure: WorkerFailure): void {
    void this.dropWorker();
    const [culprit, ...rest] = this.queue;
    this.queue = [];
    if (!culprit) return;
    this.restarts++;
    culprit.resolve({ ok: false, failure, ms: performance.now() - this.headStarted });
    const { id: _id, ...culpritReq } = culprit.req;
    this.onRestart(failure, culpritReq as WorkerRequest);
    // A document that could not be loaded within bounds is not tried again for the requests
    // that were waiting on it.
    const unloadable = culprit.req.op === 'load' ? culprit.req.doc : null;
    for (const p of rest) {
      if (this.closed) {
        p.resolve({ ok: false, failure: 'closed', ms: 0 });
        continue;
      }
      // Loads the host added are added again, by `enqueue`, for the requests that need them.
      if (p.implicit) continue;
      const { id: _pid, ...req } = p.req;
      if (req.doc === unloadable) {
        p.resolve({
          ok: false,
          refusal: { kind: 'not-loaded', message: `loading the document ran out of bounds (${failure})` },
          ms: 0,
        });
        continue;
      }
      this.enqueue(req as WorkerRequest, p.resolve);
    }
  }

  /**
   * The worker could not start: no request is to blame, every waiting one is answered with
   * `failure`, and the next request tries again.
   */
  private failAll(failure: WorkerFailure): void {
    void this.dropWorker();
    for (const p of this.queue.splice(0)) p.resolve({ ok: false, failure, ms: 0 });
  }

  /** Forgets the current worker and everything it held, and terminates it. */
  private async dropWorker(): Promise<void> {
    const worker = this.worker;
    this.worker = null;
    this.ready = false;
    this.loaded = new Set();
    this.reloadRefusals.clear();
    this.clearTimer();
    if (worker) await worker.terminate();
  }

  /** Stops the worker; waiting requests are answered 'closed'. */
  async close(): Promise<void> {
    this.closed = true;
    const dropped = this.dropWorker();
    for (const p of this.queue.splice(0)) p.resolve({ ok: false, failure: 'closed', ms: 0 });
    await dropped;
  }
}
