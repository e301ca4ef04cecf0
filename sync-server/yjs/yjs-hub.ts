import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import type { Logger } from 'pino';
import { WebSocket, WebSocketServer } from 'ws';
import type * as Y from 'yjs';
import { CloseCodes } from '#common/protocol/close-codes';
import { parseDocName, YJS_PATH_PREFIX } from '#common/protocol/doc-names';
import type { AuthContext } from '../store/auth-store';
import type { DocAccess } from './doc-access';
import { type PresenceLimits, presenceLimits } from './presence';
import type { Connection } from './shared-doc';
import { ProtocolViolation, SharedDoc } from './shared-doc';
import type { UpdateLog } from './update-log';

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
  readonly pingIntervalMs?: number;
}

interface SocketState {
  conn: Connection;
  doc: SharedDoc;
  /** The meeting of the socket's document, resolved when it opened. */
  meetingId: string | null;
  tokens: number;
  lastRefill: number;
  alive: boolean;
}

/**
 * The Yjs hub: speaks the y-websocket protocol at `/yjs/<document name>`. A socket is
 * authenticated and authorised before the upgrade completes, and re-authorised whenever a
 * command changes who may read or write what (`reauthorize`).
 */
export class YjsHub {
  private readonly docs = new Map<string, SharedDoc>();
  private readonly unloadTimers = new Map<string, NodeJS.Timeout>();
  private readonly sockets = new Map<WebSocket, SocketState>();
  private readonly wss: WebSocketServer;
  private readonly pingTimer: NodeJS.Timeout;
  private readonly compactThreshold: number;
  private readonly idleUnloadMs: number;
  private readonly rate: { perSecond: number; burst: number };
  private closed = false;

  constructor(private readonly opts: YjsHubOptions) {
    this.compactThreshold = opts.compactThreshold ?? 500;
    this.idleUnloadMs = opts.idleUnloadMs ?? 30_000;
    this.rate = { perSecond: opts.rateLimit?.perSecond ?? 300, burst: opts.rateLimit?.burst ?? 1000 };
    this.wss = new WebSocketServer({
      noServer: true,
      maxPayload: opts.maxPayloadBytes ?? 4 * 1024 * 1024,
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
    let doc: SharedDoc;
    try {
      doc = this.load(docName);
    } catch (err) {
      this.opts.logger.error({ err, doc: docName }, 'could not load document');
      ws.close(CloseCodes.InternalError.code, CloseCodes.InternalError.reason);
      return;
    }
    const conn: Connection = {
      ws,
      canWrite: access === 'write',
      deviceSessionId: auth.deviceSessionId,
      // Stamped into every presence state this socket sends (presence.ts).
      participant: { id: auth.participant.id, name: auth.participant.name, role: auth.participant.role },
      awarenessIds: new Set(),
    };
    const state: SocketState = {
      conn,
      doc,
      meetingId: this.opts.meetingOf(docName),
      tokens: this.rate.burst,
      lastRefill: Date.now(),
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
    const { conn, doc } = state;
    if (!isBinary) {
      closeWith(conn.ws, CloseCodes.UnsupportedData);
      return;
    }
    if (!this.takeToken(state)) {
      closeWith(conn.ws, CloseCodes.RateLimited);
      return;
    }
    const bytes = toUint8Array(data);
    try {
      doc.handleMessage(conn, bytes);
    } catch (err) {
      if (err instanceof ProtocolViolation) {
        this.opts.logger.info({ doc: doc.name, reason: err.message }, 'closing yjs socket');
        closeWith(conn.ws, err.close);
        return;
      }
      this.opts.logger.error({ err, doc: doc.name }, 'unexpected error on yjs message');
      closeWith(conn.ws, CloseCodes.InternalError);
    }
  }

  private takeToken(state: SocketState): boolean {
    const now = Date.now();
    state.tokens = Math.min(
      this.rate.burst,
      state.tokens + ((now - state.lastRefill) / 1000) * this.rate.perSecond,
    );
    state.lastRefill = now;
    if (state.tokens < 1) return false;
    state.tokens -= 1;
    return true;
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
    const doc = new SharedDoc(
      name,
      this.opts.updateLog,
      this.opts.logger,
      this.compactThreshold,
      (failed) => this.dropFailed(failed),
      presenceLimits(this.opts.presence),
    );
    this.docs.set(name, doc);
    return doc;
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
    const timer = setTimeout(() => {
      this.unloadTimers.delete(name);
      const doc = this.docs.get(name);
      if (!doc || doc.conns.size > 0) return;
      doc.compact();
      doc.destroy();
      this.docs.delete(name);
      this.opts.logger.debug({ doc: name }, 'unloaded idle document');
    }, this.idleUnloadMs);
    timer.unref();
    this.unloadTimers.set(name, timer);
  }

  private cancelUnload(name: string): void {
    const timer = this.unloadTimers.get(name);
    if (timer) {
      clearTimeout(timer);
      this.unloadTimers.delete(name);
    }
  }

  /**
   * Changes a document as the server (the live document is written only this way). The change
   * is persisted and broadcast like any client update.
   */
  serverWrite(name: string, change: (doc: Y.Doc) => void): void {
    if (!parseDocName(name)) throw new Error(`not a document name: ${name}`);
    const doc = this.load(name);
    doc.doc.transact(() => change(doc.doc), 'server');
    if (doc.conns.size === 0) this.scheduleUnload(name);
  }

  /** Reads a document as the server without keeping it loaded longer than idle documents are. */
  serverRead<T>(name: string, read: (doc: Y.Doc) => T): T {
    const doc = this.load(name);
    try {
      return read(doc.doc);
    } finally {
      if (doc.conns.size === 0) this.scheduleUnload(name);
    }
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
    for (const doc of this.docs.values()) {
      doc.compact();
      doc.destroy();
    }
    this.docs.clear();
    await new Promise<void>((resolve) => this.wss.close(() => resolve()));
  }
}

function closeWith(ws: WebSocket, close: { code: number; reason: string }): void {
  if (ws.readyState === WebSocket.OPEN || ws.readyState === WebSocket.CONNECTING)
    ws.close(close.code, close.reason);
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
