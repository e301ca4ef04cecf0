import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import type { Logger } from 'pino';
import { type WebSocket, WebSocketServer } from 'ws';
import type * as Y from 'yjs';
import { CloseCodes } from '#common/protocol/close-codes';
import { parseDocName, YJS_PATH_PREFIX } from '#common/protocol/doc-names';
import type { MinutesContent, RecordKind } from '#common/schemas/minutes';
import type { MinutesEdit } from '../minutes/minutes-doc';
import type { AuthContext } from '../store/auth-store';
import {
  type Budget,
  DeviceLedger,
  type RateLimit,
  TokenBucket,
  type YjsBudgets,
  yjsBudgets,
} from './budgets';
import type { DocAccess } from './doc-access';
import { type PresenceLimits, presenceLimits } from './presence';
import {
  type Connection,
  closeWith,
  type DocContext,
  DocumentOverBudget,
  ProtocolViolation,
  ServerDoc,
  type SharedDoc,
  WorkerDoc,
} from './shared-doc';
import type { UpdateLog } from './update-log';
import { YjsWorkerHost, type YjsWorkerOptions } from './yjs-worker-host';

export interface YjsHubOptions {
  readonly updateLog: UpdateLog;
  readonly logger: Logger;
  /** Resolves a socket's token to a device, or null. */
  readonly authenticate: (token: string) => AuthContext | null;
  /** Decides read/write for a parsed document name. */
  readonly access: (docName: string, auth: AuthContext) => DocAccess;
  /** The device behind a session id as it stands now; null once revoked or its participant removed. */
  readonly reauthenticate: (deviceSessionId: string) => AuthContext | null;
  /** The meeting a document belongs to (null when it no longer exists), to re-check one meeting's sockets. */
  readonly meetingOf: (docName: string) => string | null;
  /**
   * A minutes document's template (its meeting's Biên bản), written by the worker when the
   * document is loaded and was never seeded; null: none. Never passed to an editor.
   */
  readonly minutesSeed?: (docName: string) => MinutesEdit | null;
  /** Log rows per document before it is compacted into one snapshot. */
  readonly compactThreshold?: number;
  /** How long a document with no sockets stays in memory. */
  readonly idleUnloadMs?: number;
  /** Largest accepted frame. Small on purpose: ws's default is 100 MiB. */
  readonly maxPayloadBytes?: number;
  /** Sustained messages per second a socket may send, and the burst above it. */
  readonly rateLimit?: { readonly perSecond: number; readonly burst: number };
  /**
   * Presence (awareness) limits (presence.ts): client ids one socket may introduce (default 4,
   * 1008 beyond), bytes of one state's JSON (default 8 KiB, 1009 beyond), entries in one
   * awareness message (default 64; a larger message is dropped unread).
   */
  readonly presence?: Partial<PresenceLimits>;
  /**
   * Milliseconds presence changes are gathered before they are sent on to every socket of the
   * document, as one message (default 50; shared-doc.ts).
   */
  readonly presenceBatchMs?: number;
  /**
   * Byte and item budgets per document, per device and document, per device (budgets.ts;
   * defaults in DEFAULT_YJS_BUDGETS). A write past one is refused and its socket closed 4413.
   */
  readonly budgets?: { readonly [K in keyof YjsBudgets]?: Partial<Budget> };
  /**
   * Bytes per second one device may send over all its sockets, and the burst above it (default
   * 1 MiB/s, burst the largest frame); 4429 beyond.
   */
  readonly byteRate?: Partial<RateLimit>;
  /**
   * Milliseconds of the Yjs worker's time per second one device may use (applying its
   * updates, answering its syncs), and the burst (default 250 ms/s, burst 3 s); 4429 beyond.
   */
  readonly workRate?: Partial<RateLimit>;
  /** Heap and time bounds of the Yjs worker (yjs-worker-host.ts). */
  readonly worker?: YjsWorkerOptions;
  readonly pingIntervalMs?: number;
}

interface SocketState {
  conn: Connection;
  doc: SharedDoc;
  /** The meeting of the socket's document, resolved when it opened. */
  meetingId: string | null;
  /** Messages per second of this socket. */
  messages: TokenBucket;
  /** The socket's frames are handled one after another: this is the last one queued. */
  queue: Promise<void>;
  /** A frame broke a rate: the socket closes once the frames before it are handled. */
  refused: boolean;
  alive: boolean;
}

/** A device's rates: bytes it sends, worker time it uses. Kept while the server runs. */
interface DeviceRates {
  readonly bytes: TokenBucket;
  readonly work: TokenBucket;
}

/**
 * Which documents live in the Yjs worker: the ones clients may write (doc-access.ts). Every
 * other kind is written by the server only and held in this thread, where no client update is
 * ever applied.
 */
function writtenByClients(name: string): boolean {
  const kind = parseDocName(name)?.kind;
  return kind === 'minutes' || kind === 'annotations';
}

/**
 * The Yjs hub: speaks the y-websocket protocol at `/yjs/<document name>`. A socket is
 * authenticated and authorised before the upgrade completes, and re-authorised whenever a
 * command changes who may read or write what (`reauthorize`). Documents clients write live in
 * the Yjs worker (WorkerDoc), within budgets; the live documents the server writes live here
 * (ServerDoc).
 */
export class YjsHub {
  private readonly docs = new Map<string, SharedDoc>();
  private readonly unloadTimers = new Map<string, NodeJS.Timeout>();
  private readonly sockets = new Map<WebSocket, SocketState>();
  /** Documents refused on load (over budget, or out of the worker's bounds), with the reason. */
  private readonly quarantined = new Map<string, string>();
  private readonly devices = new Map<string, DeviceRates>();
  /** Per device, the last write queued: a device's writes go to the worker one at a time. */
  private readonly deviceTurns = new Map<string, Promise<unknown>>();
  private readonly wss: WebSocketServer;
  private readonly pingTimer: NodeJS.Timeout;
  private readonly idleUnloadMs: number;
  private readonly rate: RateLimit;
  private readonly byteRate: RateLimit;
  private readonly workRate: RateLimit;
  private readonly ctx: DocContext;
  private workerHost: YjsWorkerHost | null = null;
  private closed = false;

  constructor(private readonly opts: YjsHubOptions) {
    this.idleUnloadMs = opts.idleUnloadMs ?? 30_000;
    this.rate = { perSecond: opts.rateLimit?.perSecond ?? 300, burst: opts.rateLimit?.burst ?? 1000 };
    const maxPayload = opts.maxPayloadBytes ?? 4 * 1024 * 1024;
    this.byteRate = {
      perSecond: opts.byteRate?.perSecond ?? 1024 * 1024,
      burst: opts.byteRate?.burst ?? maxPayload,
    };
    this.workRate = { perSecond: opts.workRate?.perSecond ?? 250, burst: opts.workRate?.burst ?? 3000 };
    const budgets = yjsBudgets(opts.budgets);
    this.ctx = {
      log: opts.updateLog,
      logger: opts.logger,
      compactThreshold: opts.compactThreshold ?? 500,
      presenceLimits: presenceLimits(opts.presence),
      presenceBatchMs: opts.presenceBatchMs ?? 50,
      presenceReceived: { messages: 0 },
      budgets,
      ledger: new DeviceLedger(budgets),
      worker: () => this.worker(),
      mayWork: (conn) => this.rates(conn.device).work.positive(Date.now()),
      chargeWork: (conn, ms) => this.rates(conn.device).work.charge(ms, Date.now()),
      inDeviceTurn: (device, fn) => this.inDeviceTurn(device, fn),
      onFailure: (doc) => this.dropFailed(doc),
      onQuarantine: (doc, reason) => this.quarantine(doc.name, reason, doc),
      seedOf: (name) => (parseDocName(name)?.kind === 'minutes' ? (opts.minutesSeed?.(name) ?? null) : null),
    };
    this.wss = new WebSocketServer({
      noServer: true,
      maxPayload,
      perMessageDeflate: false,
    });
    this.pingTimer = setInterval(() => this.pingAll(), opts.pingIntervalMs ?? 30_000);
    this.pingTimer.unref();
  }

  /** Number of documents held in memory (tests and metrics). */
  get loadedDocCount(): number {
    return this.docs.size;
  }

  isLoaded(name: string): boolean {
    return this.docs.has(name);
  }

  /** A loaded document's stored bytes, structs and waiting bytes, or null (tests, metrics). */
  docSize(name: string): { bytes: number; items: number | null; pendingBytes: number } | null {
    return this.docs.get(name)?.size() ?? null;
  }

  /**
   * Awareness messages received from all sockets since the hub started (metrics): what presence
   * costs the room; with stock providers it grows with the square of the room.
   */
  get presenceMessagesReceived(): number {
    return this.ctx.presenceReceived.messages;
  }

  /** Times the Yjs worker was replaced after running out of a bound (tests, metrics). */
  get workerRestarts(): number {
    return this.workerHost?.restarts ?? 0;
  }

  private worker(): YjsWorkerHost {
    this.workerHost ??= new YjsWorkerHost(
      (doc) => ({
        op: 'load',
        doc,
        rows: this.opts.updateLog.rows(doc),
        maxItems: this.ctx.budgets.document.items,
      }),
      (failure, culprit) =>
        this.opts.logger.warn(
          { failure, op: culprit.op, doc: culprit.doc },
          'the Yjs worker ran out of a bound and was replaced; its documents are read again from the log',
        ),
      (err) => this.opts.logger.error({ err }, 'the Yjs worker could not start'),
      this.opts.worker,
    );
    return this.workerHost;
  }

  private rates(device: string): DeviceRates {
    let r = this.devices.get(device);
    if (!r) {
      const now = Date.now();
      r = { bytes: new TokenBucket(this.byteRate, now), work: new TokenBucket(this.workRate, now) };
      this.devices.set(device, r);
    }
    return r;
  }

  private inDeviceTurn<T>(device: string, fn: () => Promise<T>): Promise<T> {
    const previous = this.deviceTurns.get(device) ?? Promise.resolve();
    const turn = previous.then(fn, fn);
    const tail = turn.catch(() => {});
    this.deviceTurns.set(device, tail);
    void tail.then(() => {
      if (this.deviceTurns.get(device) === tail) this.deviceTurns.delete(device);
    });
    return turn;
  }

  /**
   * Handles an HTTP upgrade request. Returns false when the path is not under `/yjs/`, so
   * another handler may take it. Refusals answer with a plain HTTP status before any upgrade.
   */
  handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): boolean {
    let url: URL;
    try {
      url = new URL(req.url ?? '/', 'http://room.invalid');
    } catch {
      refuse(socket, 400, 'bad request');
      return true;
    }
    if (!url.pathname.startsWith(YJS_PATH_PREFIX)) return false;
    if (this.closed) {
      refuse(socket, 503, 'server shutting down');
      return true;
    }
    let docName: string;
    try {
      docName = decodeURIComponent(url.pathname.slice(YJS_PATH_PREFIX.length));
    } catch {
      refuse(socket, 400, 'bad document name');
      return true;
    }
    if (!parseDocName(docName)) {
      refuse(socket, 404, 'unknown document');
      return true;
    }
    const token = url.searchParams.get('token');
    const auth = token ? this.opts.authenticate(token) : null;
    if (!auth) {
      refuse(socket, 401, 'sign in with a join code first');
      return true;
    }
    const access = this.opts.access(docName, auth);
    if (access === 'none') {
      // 404, not 403: a participant without a grant must not learn that the document exists.
      refuse(socket, 404, 'unknown document');
      return true;
    }
    this.wss.handleUpgrade(req, socket, head, (ws) => this.accept(ws, docName, access, auth));
    return true;
  }

  private accept(ws: WebSocket, docName: string, access: DocAccess, auth: AuthContext): void {
    if (this.quarantined.has(docName)) {
      // Accepted and closed, not refused over HTTP: a stock provider stops on a 44xx close,
      // where a refused upgrade looks like a network failure that it retries for ever.
      closeWith(ws, CloseCodes.DocumentQuarantined);
      return;
    }
    let doc: SharedDoc;
    try {
      doc = this.load(docName);
    } catch (err) {
      if (err instanceof DocumentOverBudget) {
        this.quarantine(docName, err.message, null);
        closeWith(ws, CloseCodes.DocumentQuarantined);
        return;
      }
      this.opts.logger.error({ err, doc: docName }, 'could not load document');
      closeWith(ws, CloseCodes.InternalError);
      return;
    }
    const conn: Connection = {
      ws,
      canWrite: access === 'write',
      deviceSessionId: auth.deviceSessionId,
      device: auth.deviceSessionId,
      // Stamped into every presence state this socket sends (presence.ts).
      participant: { id: auth.participant.id, name: auth.participant.name, role: auth.participant.role },
      awarenessIds: new Set(),
    };
    const state: SocketState = {
      conn,
      doc,
      meetingId: this.opts.meetingOf(docName),
      messages: new TokenBucket(this.rate, Date.now()),
      queue: Promise.resolve(),
      refused: false,
      alive: true,
    };
    this.sockets.set(ws, state);
    ws.on('pong', () => {
      state.alive = true;
    });
    ws.on('message', (data, isBinary) => this.onMessage(state, data, isBinary));
    ws.on('close', () => this.onClose(state));
    ws.on('error', (err) => {
      // ws reports oversize frames and protocol errors here and then closes the socket itself.
      this.opts.logger.debug({ err: err.message, doc: docName }, 'yjs socket error');
    });
    doc.attach(conn);
  }

  private onMessage(state: SocketState, data: WebSocket.RawData, isBinary: boolean): void {
    const { conn } = state;
    if (state.refused) return;
    const bytes = toUint8Array(data);
    const now = Date.now();
    const refusal = !isBinary
      ? CloseCodes.UnsupportedData
      : !state.messages.take(1, now)
        ? CloseCodes.RateLimited
        : !this.rates(conn.device).bytes.take(bytes.length, now)
          ? CloseCodes.ByteRateLimited
          : null;
    if (refusal) {
      // The frames that came before are handled first, as they would have been had they been
      // quick; this one and every later one are not read.
      state.refused = true;
      state.queue = state.queue.then(() => {
        this.opts.logger.info(
          { doc: state.doc.name, close: refusal.code, reason: refusal.reason },
          'closing yjs socket',
        );
        closeWith(conn.ws, refusal);
      });
      return;
    }
    // One frame at a time per socket, in order: some wait for the Yjs worker.
    state.queue = state.queue
      .then(() => state.doc.handleMessage(conn, bytes))
      .catch((err: unknown) => this.onMessageError(state, err));
  }

  private onMessageError(state: SocketState, err: unknown): void {
    const { conn, doc } = state;
    if (err instanceof ProtocolViolation) {
      this.opts.logger.info(
        { doc: doc.name, close: err.close.code, reason: err.close.reason, detail: err.message },
        'closing yjs socket',
      );
      closeWith(conn.ws, err.close);
      return;
    }
    this.opts.logger.error({ err, doc: doc.name }, 'unexpected error on yjs message');
    closeWith(conn.ws, CloseCodes.InternalError);
  }

  private onClose(state: SocketState): void {
    this.sockets.delete(state.conn.ws);
    const doc = state.doc;
    doc.detach(state.conn);
    if (doc.conns.size === 0 && this.docs.get(doc.name) === doc) this.scheduleUnload(doc.name);
  }

  private load(name: string): SharedDoc {
    const existing = this.docs.get(name);
    if (existing) {
      this.cancelUnload(name);
      return existing;
    }
    const doc = writtenByClients(name) ? new WorkerDoc(name, this.ctx) : new ServerDoc(name, this.ctx);
    this.docs.set(name, doc);
    return doc;
  }

  /**
   * A document over its budget, or one the worker could not load within its bounds: it stays
   * stored as it is and unopened (every socket on it is closed with 4413 and every later one
   * too) until the server restarts, so nothing reads it into memory again.
   */
  private quarantine(name: string, reason: string, doc: SharedDoc | null): void {
    if (!this.quarantined.has(name)) {
      this.quarantined.set(name, reason);
      this.opts.logger.warn(
        { doc: name, reason },
        'quarantined a Yjs document over its budget: it stays stored, unopened, until the server restarts',
      );
    }
    if (!doc || this.docs.get(name) !== doc) return;
    this.docs.delete(name);
    this.cancelUnload(name);
    doc.markFailed();
    for (const conn of [...doc.conns.values()]) closeWith(conn.ws, CloseCodes.DocumentQuarantined);
    setImmediate(() => doc.destroy());
  }

  /** Persistence failed: drop the in-memory copy so reconnecting clients resync from the log. */
  private dropFailed(doc: SharedDoc): void {
    this.docs.delete(doc.name);
    this.cancelUnload(doc.name);
    for (const conn of [...doc.conns.values()]) closeWith(conn.ws, CloseCodes.InternalError);
    // Destroy after the current transaction has finished emitting.
    setImmediate(() => doc.destroy());
  }

  private scheduleUnload(name: string): void {
    this.cancelUnload(name);
    if (this.closed) return;
    const timer = setTimeout(() => {
      this.unloadTimers.delete(name);
      void this.unload(name);
    }, this.idleUnloadMs);
    timer.unref();
    this.unloadTimers.set(name, timer);
  }

  private async unload(name: string): Promise<void> {
    const doc = this.docs.get(name);
    if (!doc || doc.conns.size > 0) return;
    await doc.compact();
    // A socket may have opened it again while the snapshot was taken.
    if (this.docs.get(name) !== doc || doc.conns.size > 0 || this.unloadTimers.has(name)) return;
    this.docs.delete(name);
    doc.destroy();
    this.opts.logger.debug({ doc: name }, 'unloaded idle document');
  }

  private cancelUnload(name: string): void {
    const timer = this.unloadTimers.get(name);
    if (timer) {
      clearTimeout(timer);
      this.unloadTimers.delete(name);
    }
  }

  /**
   * Loads a document the server reads or writes itself: throws for a quarantined one, and
   * quarantines (then throws for) one found over its budget while loading.
   */
  private loadUnlessQuarantined(name: string): SharedDoc {
    const reason = this.quarantined.get(name);
    if (reason !== undefined) throw new Error(`${name} is quarantined: ${reason}`);
    try {
      return this.load(name);
    } catch (err) {
      if (err instanceof DocumentOverBudget) this.quarantine(name, err.message, null);
      throw err;
    }
  }

  /** A server-written document, loaded (throws for one clients write, or one over its budget). */
  private serverDoc(name: string): ServerDoc {
    if (!parseDocName(name)) throw new Error(`not a document name: ${name}`);
    if (writtenByClients(name))
      throw new Error(`clients write ${name}; the server writes only its own documents`);
    return this.loadUnlessQuarantined(name) as ServerDoc;
  }

  /**
   * Changes a document as the server (the live document is written only this way). The change
   * is persisted and broadcast like any client update.
   */
  serverWrite(name: string, change: (doc: Y.Doc) => void): void {
    const doc = this.serverDoc(name);
    doc.doc.transact(() => change(doc.doc), 'server');
    if (doc.conns.size === 0) this.scheduleUnload(name);
  }

  /** Reads a document as the server without keeping it loaded longer than idle documents are. */
  serverRead<T>(name: string, read: (doc: Y.Doc) => T): T {
    const doc = this.serverDoc(name);
    try {
      return read(doc.doc);
    } finally {
      if (doc.conns.size === 0) this.scheduleUnload(name);
    }
  }

  /** The names of the stored documents starting with `prefix` (whether loaded or not). */
  storedDocNames(prefix: string): string[] {
    return this.opts.updateLog.docNamesStartingWith(prefix);
  }

  /**
   * The whole state, as one Yjs update, of a document clients write (an annotation layer), for
   * the server to read (an export). Taken in the Yjs worker, which holds every such document and
   * reads one it does not hold from the update log within the document's budgets, so no client
   * bytes are decoded on this thread; the snapshot it answers is the worker's own encoding of a
   * document already within its item budget. A document nobody has open is forgotten again at
   * once. Throws for a quarantined document or when the worker cannot answer.
   */
  async serverReadClientDoc(name: string): Promise<Uint8Array> {
    if (!parseDocName(name) || !writtenByClients(name)) {
      throw new Error(`${name} is not a document clients write; read it with serverRead`);
    }
    const reason = this.quarantined.get(name);
    if (reason !== undefined) throw new Error(`${name} is quarantined: ${reason}`);
    const worker = this.worker();
    const answer = await worker.request({ op: 'snapshot', doc: name });
    // Nobody has it open: the worker need not keep it (an open WorkerDoc keeps its own copy).
    if (!this.docs.has(name)) worker.unload(name);
    if (answer.ok) return answer.result;
    throw new Error(
      `could not read ${name}: ${'refusal' in answer ? answer.refusal.message : answer.failure}`,
    );
  }

  /** A minutes document, loaded (and seeded) in the worker; throws for a quarantined one. */
  private minutesDoc(name: string): WorkerDoc {
    if (parseDocName(name)?.kind !== 'minutes') throw new Error(`${name} is not a minutes document`);
    return this.loadUnlessQuarantined(name) as WorkerDoc;
  }

  /** Runs `fn` on a minutes document; one nobody has open is unloaded again when idle. */
  private async withMinutes<T>(name: string, fn: (doc: WorkerDoc) => Promise<T>): Promise<T> {
    const doc = this.minutesDoc(name);
    try {
      return await fn(doc);
    } finally {
      if (doc.conns.size === 0 && this.docs.get(name) === doc) this.scheduleUnload(name);
    }
  }

  /** Writes into a minutes document as the server (record blocks); stored and sent on. */
  editMinutes(name: string, edit: MinutesEdit): Promise<void> {
    return this.withMinutes(name, (doc) => doc.serverEdit(edit));
  }

  /** A minutes document read as blocks (seeded first if it never was). */
  readMinutes(name: string): Promise<MinutesContent> {
    return this.withMinutes(name, (doc) => doc.readMinutes());
  }

  /** The records a minutes document holds blocks of. */
  minutesRecordKeys(name: string): Promise<{ kind: RecordKind; refId: string }[]> {
    return this.withMinutes(name, (doc) => doc.recordKeys());
  }

  /**
   * Re-checks every open socket of a meeting (`null`: of the room) against the rights as they
   * are now, after a command changed them. A revoked device or removed participant is closed
   * with 4401; a socket that lost read access with 4403 (the stock provider retries neither);
   * one that lost write access becomes read-only, so its next write closes it with 1008; one
   * that gained write access may write from now on.
   */
  reauthorize(meetingId: string | null): { closed: number; changed: number } {
    let closed = 0;
    let changed = 0;
    for (const state of this.sockets.values()) {
      if (meetingId !== null && state.meetingId !== null && state.meetingId !== meetingId) continue;
      const { conn, doc } = state;
      const auth = conn.deviceSessionId ? this.opts.reauthenticate(conn.deviceSessionId) : null;
      if (!auth) {
        closeWith(conn.ws, CloseCodes.SessionRevoked);
        closed++;
        continue;
      }
      const access = this.opts.access(doc.name, auth);
      if (access === 'none') {
        closeWith(conn.ws, CloseCodes.AccessWithdrawn);
        closed++;
        continue;
      }
      // The next presence the socket sends is stamped with who the participant is now.
      const { id, name, role } = auth.participant;
      conn.participant = { id, name, role };
      const canWrite = access === 'write';
      if (conn.canWrite !== canWrite) {
        conn.canWrite = canWrite;
        changed++;
      }
    }
    if (closed + changed > 0) {
      this.opts.logger.info({ meetingId, closed, changed }, 're-authorised open Yjs sockets');
    }
    return { closed, changed };
  }

  private pingAll(): void {
    for (const state of this.sockets.values()) {
      if (!state.alive) {
        state.conn.ws.terminate();
        continue;
      }
      state.alive = false;
      state.conn.ws.ping();
    }
  }

  /**
   * Closes every socket and releases every document. Nothing is lost: each update was in the
   * log before anyone saw it. Documents are compacted on the way out so the next start is quick.
   */
  async close(): Promise<void> {
    this.closed = true;
    clearInterval(this.pingTimer);
    for (const timer of this.unloadTimers.values()) clearTimeout(timer);
    this.unloadTimers.clear();
    const queued = [...this.sockets.values()].map((s) => s.queue);
    const closing = [...this.sockets.keys()].map(
      (ws) =>
        new Promise<void>((resolve) => {
          if (ws.readyState === ws.CLOSED) return resolve();
          const done = setTimeout(() => {
            ws.terminate();
            resolve();
          }, 1000);
          ws.once('close', () => {
            clearTimeout(done);
            resolve();
          });
          closeWith(ws, CloseCodes.GoingAway);
        }),
    );
    await Promise.all(closing);
    // Frames already queued finish first, so the snapshots hold them.
    await Promise.all(queued);
    for (const doc of this.docs.values()) {
      await doc.compact();
      doc.destroy();
    }
    this.docs.clear();
    await this.workerHost?.close();
    await new Promise<void>((resolve) => this.wss.close(() => resolve()));
  }
}

function toUint8Array(data: WebSocket.RawData): Uint8Array {
  if (Array.isArray(data)) return new Uint8Array(Buffer.concat(data));
  if (data instanceof ArrayBuffer) return new Uint8Array(data);
  return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
}

const STATUS_TEXT: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  404: 'Not Found',
  503: 'Service Unavailable',
};

/** Answers an upgrade request with a plain HTTP error, in the API's error shape. */
function refuse(socket: Duplex, status: number, message: string): void {
  const code = status === 401 ? 'unauthenticated' : status === 404 ? 'not_found' : 'bad_request';
  const body = JSON.stringify({ error: { code, message } });
  socket.end(
    `HTTP/1.1 ${status} ${STATUS_TEXT[status] ?? 'Error'}\r\nConnection: close\r\n` +
      `Content-Type: application/json; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
  );
}
