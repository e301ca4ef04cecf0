import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';

/**
 * The worker's whole program. It opens its own connection to the same file and runs a
 * PASSIVE checkpoint on a timer: passive checkpoints never block the writer, and the fsync
 * they end with happens on this thread instead of inside the insert that precedes a Yjs
 * broadcast (SQLite's automatic checkpoint would run exactly there).
 */
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.driver);
const db = new Database(workerData.file, { fileMustExist: true });
db.pragma('busy_timeout = 1000');
let failing = false;
const timer = setInterval(() => {
  try {
    db.pragma('wal_checkpoint(PASSIVE)');
    if (failing) { failing = false; parentPort.postMessage({ recovered: true }); }
  } catch (err) { failing = true; parentPort.postMessage({ error: String(err) }); }
}, workerData.intervalMs);
parentPort.on('message', (msg) => {
  if (msg === 'stop') { clearInterval(timer); db.close(); process.exit(0); }
});
`;

/** A failure that keeps repeating (a full disk) is reported again at most this often. */
const REPEAT_REPORT_MS = 60_000;

/**
 * Checkpoints a WAL database from a worker thread; see WORKER_SOURCE. A failing checkpoint
 * (SQLITE_FULL on a full disk) is retried every interval but reported once, then at most once
 * a minute with the number of failures, and its recovery once.
 */
export class WalCheckpointer {
  private readonly worker: Worker;
  private failures = 0;
  private lastReport = 0;

  constructor(
    file: string,
    intervalMs: number,
    onError: (message: string) => void,
    onRecovered: (failures: number) => void = () => {},
  ) {
    this.worker = new Worker(WORKER_SOURCE, {
      eval: true,
      workerData: { file, intervalMs, driver: createRequire(import.meta.url).resolve('better-sqlite3') },
    });
    this.worker.on('message', (msg: { error?: string; recovered?: boolean }) => {
      if (msg.error) {
        this.failures++;
        const now = Date.now();
        if (this.failures === 1 || now - this.lastReport >= REPEAT_REPORT_MS) {
          this.lastReport = now;
          onError(this.failures === 1 ? msg.error : `${msg.error} (${this.failures} failures so far)`);
        }
      } else if (msg.recovered) {
        onRecovered(this.failures);
        this.failures = 0;
      }
    });
    this.worker.on('error', (err) => onError(err.message));
    this.worker.unref();
  }

  /** Stops the worker and waits for its connection to close. */
  async stop(): Promise<void> {
    const exited = new Promise<void>((resolve) => this.worker.once('exit', () => resolve()));
    this.worker.postMessage('stop');
    await Promise.race([exited, new Promise((r) => setTimeout(r, 2000))]);
    await this.worker.terminate();
  }
}
