import Database from 'better-sqlite3';
import * as Y from 'yjs';
import {
  type ClientContext,
  type ClientKind,
  createClient,
  type Expected,
  type FanoutClient,
  fetchDocumentText,
  markersIn,
  TEXT_NAME,
} from './clients';
import { benchGc, type GcRecorder } from './gc';
import { cpuMs, RssSampler, rssBytes } from './proc';
import type { BenchServer } from './servers';
import { type LatencySummary, summarize } from './stats';

export interface WorkloadOptions {
  readonly clients: number;
  readonly updates: number;
  readonly warmup: number;
  readonly clientKind: ClientKind;
  /** How long one update may take to reach everyone before the missing receivers count as lost. */
  readonly updateTimeoutMs: number;
  /** Pause after an update has reached everyone, before the next is sent (0: none). */
  readonly gapMs: number;
  readonly connectBatch: number;
  readonly syncTimeoutMs: number;
  /** Collect the benchmark process's garbage between windows (minor every update, full every 50). */
  readonly forcedGc: boolean;
  /** Every client sets a presence state (as real clients do)… */
  readonly presence: boolean;
  /** …and moves its cursor in it this often, ms (0: never). */
  readonly cursorMs: number;
}

export interface RunResult {
  readonly server: BenchServer['kind'];
  readonly round: number;
  readonly clients: number;
  readonly updates: number;
  /** Latency of every (measured update, receiver) pair, ms. */
  readonly latency: LatencySummary;
  /** Per update: time until the LAST receiver had it (complete fan-out), ms. */
  readonly fanoutComplete: LatencySummary;
  /** (update, receiver) pairs that did not arrive within the update timeout (or whose socket was gone). */
  readonly lost: number;
  /** Measured updates that did not reach every receiver (timed out, or a receiver's socket was gone). */
  readonly timedOutUpdates: number;
  /** Client sockets that were no longer open at the end of the measured phase. */
  readonly closedClients: number;
  /**
   * Client sockets the server closed from the first connect to the end of the measured phase
   * (provider clients reconnect, so this can exceed the number of clients), by close code and
   * reason.
   */
  readonly serverClosedSockets: number;
  readonly closeCodes: Record<string, number>;
  readonly connectMs: number;
  /** Sum of the measured updates' windows (send → last arrival or timeout), ms. */
  readonly measuredMs: number;
  readonly rssIdleBytes: number | null;
  readonly rssPeakBytes: number;
  /** CPU the server child used during the measured phase. */
  readonly serverCpuMs: number | null;
  /** CPU the benchmark process used between each send and its last arrival (measured updates). */
  readonly benchWindowCpuMs: number;
  /** Wall time the clients spent applying received updates, after each fan-out (measured updates). */
  readonly clientApplyMs: number;
  /** GC pauses of the benchmark process inside the measured windows, ms (null: not recorded). */
  readonly benchGcInWindowsMs: number | null;
  /** Clients whose own document held every edit at the end. */
  readonly convergedClients: number;
  /** Edits (warm-up + measured) a fresh client found in the server's document after the run. */
  readonly editsInServerDoc: number;
  /** Edits found in the document rebuilt from our SQLite log (0 for stock, which stores nothing). */
  readonly editsPersisted: number;
  /** Rows of `yjs_updates` for the document (null for stock). */
  readonly persistedRows: number | null;
  readonly totalEdits: number;
  /** Per measured update, in order: ms until the last receiver had it (NaN: timed out). */
  readonly perUpdateFanoutMs: number[];
  /** Raw latencies, kept to pool runs of the same server; not written to JSON. */
  readonly samples: Float64Array;
}

interface Pending {
  readonly seq: number;
  readonly sender: number;
  readonly sentAt: number;
  readonly expected: Expected;
  readonly got: Uint8Array;
  readonly latencies: number[];
  remaining: number;
  lastAt: number;
  done: () => void;
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Counts the markers 0..total-1 present in a document's text. */
function countEdits(text: string, total: number): number {
  const seen = markersIn(text);
  let n = 0;
  for (let seq = 0; seq < total; seq++) if (seen.has(seq)) n++;
  return n;
}

/** Rebuilds the document from our SQLite update log (read-only, beside the running server). */
function readPersisted(databaseFile: string, room: string, total: number): { edits: number; rows: number } {
  const db = new Database(databaseFile, { readonly: true, fileMustExist: true });
  try {
    const rows = db.prepare('SELECT data FROM yjs_updates WHERE doc_name = ? ORDER BY id').all(room) as {
      data: Buffer;
    }[];
    const doc = new Y.Doc();
    for (const row of rows) Y.applyUpdate(doc, new Uint8Array(row.data));
    const edits = countEdits(doc.getText(TEXT_NAME).toString(), total);
    doc.destroy();
    return { edits, rows: rows.length };
  } finally {
    db.close();
  }
}

/**
 * The workload against one server: `clients` peers on one document; updates sent one at a
 * time by rotating senders; each update's latency to every other peer. After an update has
 * reached everyone (or timed out), every client applies what it received; only then may the
 * next update go (of this session or of the other server's, when interleaved).
 */
export class FanoutSession {
  private readonly clients: FanoutClient[] = [];
  private readonly sampler: RssSampler;
  private readonly rssIdleBytes: number | null;
  private readonly target: { wsBase: string; room: string };
  private readonly ctx: ClientContext;
  private pending: Pending | null = null;
  private connectMs = 0;
  private sent = 0;
  private consecutiveAllLost = 0;
  // Measured-phase accumulators.
  private readonly samples: number[] = [];
  private readonly completes: number[] = [];
  private readonly perUpdate: number[] = [];
  private lost = 0;
  private timedOutUpdates = 0;
  private measuredMs = 0;
  private serverCpuStart: number | null = null;
  private benchWindowCpuUs = 0;
  private applyMs = 0;
  private readonly windows: [number, number][] = [];

  constructor(
    readonly server: BenchServer,
    readonly round: number,
    private readonly opts: WorkloadOptions,
    private readonly gcRecorder: GcRecorder | null,
  ) {
    this.rssIdleBytes = rssBytes(server.pid);
    this.sampler = new RssSampler(server.pid);
    this.target = { wsBase: server.wsBase, room: server.room };
    this.ctx = {
      expected: () => this.pending?.expected ?? null,
      syncTimeoutMs: opts.syncTimeoutMs,
      presence: opts.presence,
      cursorMs: opts.cursorMs,
      onArrival: (client, seq, at) => {
        const p = this.pending;
        if (!p || seq !== p.seq || client === p.sender || p.got[client] === 1) return;
        p.got[client] = 1;
        p.latencies.push(at - p.sentAt);
        p.lastAt = at;
        p.remaining--;
        if (p.remaining === 0) p.done();
      },
    };
  }

  /** Connects every client, `connectBatch` at a time, each synced before the next batch. */
  async connect(): Promise<void> {
    const { opts } = this;
    const start = performance.now();
    for (let first = 0; first < opts.clients; first += opts.connectBatch) {
      const batch: FanoutClient[] = [];
      for (let i = first; i < Math.min(opts.clients, first + opts.connectBatch); i++) {
        const token = this.server.tokens[i];
        if (token === undefined) throw new Error(`no token for client ${i}`);
        batch.push(createClient(opts.clientKind, i, this.target, token, this.ctx));
      }
      this.clients.push(...batch);
      await Promise.all(batch.map((c) => c.synced));
    }
    this.connectMs = performance.now() - start;
  }

  get total(): number {
    return this.opts.warmup + this.opts.updates;
  }

  get done(): boolean {
    return this.sent >= this.total;
  }

  /** Sends the next update, waits until everyone has it (or the timeout), lets clients apply it. */
  async step(): Promise<void> {
    const { opts, clients } = this;
    const seq = this.sent++;
    const measured = seq >= opts.warmup;
    if (seq === opts.warmup) this.serverCpuStart = cpuMs(this.server.pid);
    const sender = seq % opts.clients;
    const receivers = opts.clients - 1;
    // A client whose socket is gone cannot receive: lost at once, not after the timeout.
    const got = new Uint8Array(opts.clients);
    let gone = 0;
    clients.forEach((c, i) => {
      if (i !== sender && !c.isOpen()) {
        got[i] = 1;
        gone++;
      }
    });
    let resolveArrived!: (complete: boolean) => void;
    const arrived = new Promise<boolean>((resolve) => {
      resolveArrived = resolve;
    });
    const cpuBefore = process.cpuUsage();
    const sentAt = performance.now();
    const expected = clients[sender]!.edit(seq);
    // No frame can arrive before this line: the edit was only written to the socket.
    const p: Pending = {
      seq,
      sender,
      sentAt,
      expected,
      got,
      latencies: [],
      remaining: receivers - gone,
      lastAt: 0,
      done: () => resolveArrived(true),
    };
    this.pending = p;
    const timer = setTimeout(() => resolveArrived(false), opts.updateTimeoutMs);
    const everyoneOpenGotIt = p.remaining === 0 ? true : await arrived;
    const complete = everyoneOpenGotIt && gone === 0;
    clearTimeout(timer);
    this.pending = null;
    const windowEnd = performance.now();
    const cpuInWindow = process.cpuUsage(cpuBefore);
    for (const c of clients) c.flush();
    if (opts.forcedGc && benchGc) benchGc(seq % 50 === 49 ? { type: 'major' } : { type: 'minor' });
    if (measured) {
      this.windows.push([sentAt, windowEnd]);
      this.measuredMs += windowEnd - sentAt;
      this.applyMs += performance.now() - windowEnd;
      this.benchWindowCpuUs += cpuInWindow.user + cpuInWindow.system;
      for (const l of p.latencies) this.samples.push(l);
      if (complete) this.completes.push(p.lastAt - p.sentAt);
      else this.timedOutUpdates++;
      this.perUpdate.push(complete ? p.lastAt - p.sentAt : Number.NaN);
      this.lost += p.remaining + gone;
    }
    if (!complete) {
      this.consecutiveAllLost = p.latencies.length === 0 ? this.consecutiveAllLost + 1 : 0;
      if (this.consecutiveAllLost >= 3) {
        const { serverClosedSockets, closeCodes } = this.closes();
        const open = clients.filter((c) => c.isOpen()).length;
        throw new Error(
          `${this.server.kind}: 3 updates in a row reached nobody (last: #${seq}); the server is not relaying ` +
            `(${open}/${clients.length} clients open; sockets closed by the server: ${serverClosedSockets}` +
            `${serverClosedSockets > 0 ? ` ${JSON.stringify(closeCodes)}` : ''})`,
        );
      }
    } else {
      this.consecutiveAllLost = 0;
    }
    if (opts.gapMs > 0) await sleep(opts.gapMs);
  }

  /** Sockets the server closed so far, by close code. */
  private closes(): { serverClosedSockets: number; closeCodes: Record<string, number> } {
    const closeCodes: Record<string, number> = {};
    let serverClosedSockets = 0;
    for (const c of this.clients) {
      for (const code of c.closeCodes) {
        closeCodes[code] = (closeCodes[code] ?? 0) + 1;
        serverClosedSockets++;
      }
    }
    return { serverClosedSockets, closeCodes };
  }

  /** After the last step: checks the clients, the server's document and (ours) the SQLite log. */
  async finish(): Promise<RunResult> {
    const { opts, clients, server } = this;
    const total = this.total;
    const serverCpuEnd = cpuMs(server.pid);
    const rssPeakBytes = this.sampler.stop();
    const closedClients = clients.filter((c) => !c.isOpen()).length;
    const { serverClosedSockets, closeCodes } = this.closes();
    // Late frames of timed-out updates: give them a moment, then apply everything received.
    if (this.lost > 0) await sleep(500);
    for (const c of clients) c.flush();
    const convergedClients = clients.filter(
      (c) => countEdits(c.doc.getText(TEXT_NAME).toString(), total) === total,
    ).length;
    const serverText = await fetchDocumentText(this.target, server.tokens[0]!, opts.syncTimeoutMs);
    const editsInServerDoc = countEdits(serverText, total);
    let editsPersisted = 0;
    let persistedRows: number | null = null;
    if (server.databaseFile) {
      const persisted = readPersisted(server.databaseFile, server.room, total);
      editsPersisted = persisted.edits;
      persistedRows = persisted.rows;
    }
    return {
      server: server.kind,
      round: this.round,
      clients: opts.clients,
      updates: opts.updates,
      latency: summarize(this.samples),
      fanoutComplete: summarize(this.completes),
      lost: this.lost,
      timedOutUpdates: this.timedOutUpdates,
      closedClients,
      serverClosedSockets,
      closeCodes,
      convergedClients,
      connectMs: this.connectMs,
      measuredMs: this.measuredMs,
      rssIdleBytes: this.rssIdleBytes,
      rssPeakBytes,
      serverCpuMs:
        this.serverCpuStart !== null && serverCpuEnd !== null ? serverCpuEnd - this.serverCpuStart : null,
      benchWindowCpuMs: this.benchWindowCpuUs / 1000,
      clientApplyMs: this.applyMs,
      benchGcInWindowsMs: this.gcRecorder ? this.gcRecorder.pauseMsWithin(this.windows) : null,
      editsInServerDoc,
      editsPersisted,
      persistedRows,
      totalEdits: total,
      perUpdateFanoutMs: this.perUpdate.map((v) => Math.round(v * 1000) / 1000),
      samples: Float64Array.from(this.samples),
    };
  }

  /** Closes every client (idempotent). */
  close(): void {
    this.sampler.stop();
    for (const c of this.clients) c.close();
    this.clients.length = 0;
  }
}
