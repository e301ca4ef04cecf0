import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import WebSocket from 'ws';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import type { z } from 'zod';
import {
  type HttpMethod,
  ROUTES,
  type RouteParams,
  type RouteResult,
  type RouteSpec,
  routePath,
} from '#common/http/route-table';
import { API_PREFIX, type ApiError, type ApiErrorCode, ApiErrorSchema } from '#common/schemas/api';
import type { Role } from '#common/schemas/roles';
import { type RoomServerOptions, type RunningRoomServer, startRoomServer } from '../../../sync-server/app';

/** Bytes or text sent as they are: the file of an upload, or a CSV file. */
export type RawUpload = Uint8Array<ArrayBuffer> | string;

/**
 * What `call` gives back on success: the route's JSON answer parsed by its response schema,
 * nothing for `empty` answers, and the bytes for `pdf` and `blob` answers.
 */
export type CallBody<R extends RouteSpec> = R['response'] extends z.ZodType
  ? RouteResult<R>
  : R['response'] extends 'empty'
    ? undefined
    : Uint8Array;

/** What a caller puts in the query string (before the server's defaults and coercions). */
export type CallQuery<R extends RouteSpec> = R extends { query: infer Q extends z.ZodType }
  ? z.input<Q>
  : never;
/** What a caller sends as the body: the JSON input of the schema, or raw bytes for file and CSV routes. */
type BodyInput<R extends RouteSpec> = R extends { body: infer B }
  ? B extends z.ZodType
    ? z.input<B>
    : RawUpload
  : never;

/**
 * Options of `call`, derived from the route: `params` when the path has parameters, `query` when
 * the route takes one, `body` when it takes one — required exactly then, refused otherwise.
 */
export type CallOptions<R extends RouteSpec> = {
  /** Bearer token of the device making the call. */
  token?: string;
  /** Extra request headers (e.g. a content type other than the route's default). */
  headers?: Record<string, string>;
} & (R extends { params: z.ZodType } ? { params: RouteParams<R> } : { params?: undefined }) &
  (R extends { query: z.ZodType } ? { query: CallQuery<R> } : { query?: undefined }) &
  (R extends { body: unknown } ? { body: BodyInput<R> } : { body?: undefined });

/** Options may be left out only when the route needs none of them. */
type CallArgs<R extends RouteSpec> =
  Record<string, never> extends CallOptions<R> ? [opts?: CallOptions<R>] : [opts: CallOptions<R>];

/** The answer of a table route: the typed body on a 2xx answer, the parsed `ApiError` otherwise. */
export type CallResult<R extends RouteSpec> =
  | {
      readonly ok: true;
      readonly status: number;
      readonly body: CallBody<R>;
      readonly headers: ResponseHeaders;
    }
  | {
      readonly ok: false;
      readonly status: number;
      readonly error: ApiError['error'];
      readonly headers: ResponseHeaders;
    };

/** Response headers, lower-case names. */
export type ResponseHeaders = Record<string, string>;

/** An answer read without the table: for hostile input, unknown routes and byte-level checks. */
export interface RawResult {
  readonly status: number;
  readonly headers: ResponseHeaders;
  readonly text: string;
  /** The body parsed as JSON; undefined when it is empty or not JSON. Narrow it with a schema. */
  readonly json: unknown;
}

/** Options of `raw`: `raw` is sent as it is, `body` as JSON (with a JSON content type unless given). */
export interface RawOptions {
  raw?: RawUpload;
  body?: unknown;
  token?: string;
  headers?: Record<string, string>;
}

/** A real room server on a random loopback port with its own temp data directory. */
export interface TestRoom {
  readonly server: RunningRoomServer;
  readonly url: string;
  readonly dataDir: string;
  /** Token of the first secretariat account. */
  readonly staffToken: string;
  /**
   * Calls a route of the table. A 2xx answer is parsed by the route's response schema, every other
   * by `ApiErrorSchema`; an answer that does not conform throws (and fails the test).
   */
  call<R extends RouteSpec>(route: R, ...args: CallArgs<R>): Promise<CallResult<R>>;
  /** Sends whatever it is given to `/api/v1<path>` and reads the answer without expectations. */
  raw(method: HttpMethod | (string & {}), path: string, opts?: RawOptions): Promise<RawResult>;
  /** Creates a meeting and returns its id. */
  createMeeting(title?: string): Promise<string>;
  /** Adds a participant with a role and joins a device for them. */
  addMember(
    meetingId: string,
    role: Role,
    extra?: { group?: string; name?: string },
  ): Promise<{ id: string; token: string }>;
  /** Stops the server (idempotent). */
  stop(): Promise<void>;
  /** Stops the server and deletes its data. */
  destroy(): Promise<void>;
}

/** The typed body of a successful call; throws with the server's error otherwise (or on another status). */
export function expectOk<R extends RouteSpec>(result: CallResult<R>, status?: number): CallBody<R> {
  if (!result.ok) {
    throw new Error(
      `expected ${status ?? 'a success'}, got ${result.status} ${result.error.code}: ${result.error.message}`,
    );
  }
  if (status !== undefined && result.status !== status) {
    throw new Error(`expected ${status}, got ${result.status} ${JSON.stringify(result.body)}`);
  }
  return result.body;
}

/** The error of a failed call; throws unless it failed with exactly this status and code. */
export function expectError<R extends RouteSpec>(
  result: CallResult<R>,
  status: number,
  code: ApiErrorCode,
): ApiError['error'] {
  if (result.ok) {
    throw new Error(`expected ${status} ${code}, got ${result.status} ${JSON.stringify(result.body)}`);
  }
  if (result.status !== status || result.error.code !== code) {
    throw new Error(
      `expected ${status} ${code}, got ${result.status} ${result.error.code}: ${result.error.message}`,
    );
  }
  return result.error;
}

function parseJson(text: string): unknown {
  if (!text) return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

/** Sends a request to `<baseUrl>/api/v1<path>` as it is and reads the answer without expectations. */
export async function rawRequest(
  baseUrl: string,
  method: string,
  path: string,
  o: RawOptions = {},
): Promise<RawResult> {
  const headers: Record<string, string> = { ...o.headers };
  if (o.token) headers.authorization = `Bearer ${o.token}`;
  let body: RawUpload | undefined;
  if (o.raw !== undefined) body = o.raw;
  else if (o.body !== undefined) body = JSON.stringify(o.body);
  if (body !== undefined && !headers['content-type']) headers['content-type'] = 'application/json';
  const res = await fetch(`${baseUrl}${API_PREFIX}${path}`, { method, headers, body });
  const text = await res.text();
  return { status: res.status, headers: Object.fromEntries(res.headers), text, json: parseJson(text) };
}

/**
 * Calls a route of the table on the room server at `baseUrl` (a test room, or a server process):
 * see {@link TestRoom.call}.
 */
export async function callRoute<R extends RouteSpec>(
  baseUrl: string,
  route: R,
  ...[o]: CallArgs<R>
): Promise<CallResult<R>> {
  // The options are a union over every route; read them through their common shape.
  const opts: {
    token?: string;
    headers?: Record<string, string>;
    params?: Record<string, string>;
    query?: Record<string, unknown>;
    body?: unknown;
  } = o ?? {};
  let path = routePath(route, opts.params);
  if (opts.query !== undefined) {
    const search = new URLSearchParams();
    for (const [k, v] of Object.entries(opts.query)) if (v !== undefined) search.set(k, String(v));
    path += `?${search}`;
  }
  const headers: Record<string, string> = { ...opts.headers };
  if (opts.token) headers.authorization = `Bearer ${opts.token}`;
  let body: RawUpload | undefined;
  if (route.body === 'file' || route.body === 'csv') {
    if (typeof opts.body !== 'string' && !(opts.body instanceof Uint8Array)) {
      throw new Error(`${route.method} ${route.path}: a ${route.body} body must be bytes or text`);
    }
    body = opts.body as RawUpload;
    headers['content-type'] ??= route.body === 'csv' ? 'text/csv' : 'application/octet-stream';
  } else if (route.body !== undefined) {
    body = JSON.stringify(opts.body ?? {});
    headers['content-type'] ??= 'application/json';
  }
  const where = `${route.method} ${path}`;
  const res = await fetch(`${baseUrl}${API_PREFIX}${path}`, { method: route.method, headers, body });
  const resHeaders: ResponseHeaders = Object.fromEntries(res.headers);
  const bytes = new Uint8Array(await res.arrayBuffer());
  const text = new TextDecoder().decode(bytes);
  if (res.status >= 200 && res.status < 300) {
    const response = route.response;
    let parsed: unknown;
    if (response === 'empty') {
      if (text !== '') throw new Error(`${where}: expected an empty answer, got ${text.slice(0, 200)}`);
      parsed = undefined;
    } else if (response === 'pdf' || response === 'blob' || response === 'csv' || response === 'docx') {
      parsed = bytes;
    } else {
      const result = response.safeParse(parseJson(text));
      if (!result.success) {
        throw new Error(
          `${where}: ${res.status} answer does not match the route's schema: ${result.error.message}\n${text.slice(0, 500)}`,
        );
      }
      parsed = result.data;
    }
    // The route decides the body's type; `parsed` was produced by exactly that rule above.
    return { ok: true, status: res.status, body: parsed as CallBody<R>, headers: resHeaders };
  }
  const error = ApiErrorSchema.safeParse(parseJson(text));
  if (!error.success) {
    throw new Error(`${where}: ${res.status} answer is not an ApiError: ${text.slice(0, 500)}`);
  }
  return { ok: false, status: res.status, error: error.data.error, headers: resHeaders };
}

/** Uploads a PDF as the room's secretariat and returns the new document (201 expected). */
export async function uploadPdf(
  room: TestRoom,
  meetingId: string,
  bytes: Uint8Array<ArrayBuffer>,
  query: CallQuery<typeof ROUTES.uploadDocument>,
) {
  return expectOk(
    await room.call(ROUTES.uploadDocument, {
      token: room.staffToken,
      params: { meetingId },
      query,
      body: bytes,
      headers: { 'content-type': 'application/pdf' },
    }),
    201,
  ).document;
}

export async function startTestRoom(
  opts: Partial<RoomServerOptions> = {},
  dataDir?: string,
): Promise<TestRoom> {
  const dir = dataDir ?? mkdtempSync(join(tmpdir(), 'paperless-room-test-'));
  const server = await startRoomServer({
    dataDir: dir,
    host: '127.0.0.1',
    port: 0,
    webRoot: null,
    logger: pino({ level: process.env.TEST_LOG_LEVEL ?? 'silent' }),
    validateResponses: true,
    ...opts,
  });
  const url = server.url;

  const call = <R extends RouteSpec>(route: R, ...args: CallArgs<R>) => callRoute(url, route, ...args);
  const raw = (method: string, path: string, o?: RawOptions) => rawRequest(url, method, path, o);

  let staffToken = '';
  if (server.adminCode) {
    staffToken = expectOk(await call(ROUTES.join, { body: { code: server.adminCode } }), 201).token;
  }

  let stopped = false;
  const room: TestRoom = {
    server,
    url,
    dataDir: dir,
    staffToken,
    call,
    raw,
    async createMeeting(title = 'Phiên họp thử nghiệm') {
      const created = await call(ROUTES.createMeeting, {
        token: staffToken,
        body: {
          title,
          startsAt: new Date(Date.now() + 9 * 86_400_000).toISOString(),
          place: 'Phòng họp số 1',
        },
      });
      return expectOk(created, 201).meeting.id;
    },
    async addMember(meetingId, role, extra = {}) {
      const created = await call(ROUTES.createParticipant, {
        token: staffToken,
        params: { meetingId },
        body: { name: extra.name ?? `Người ${role}`, role, group: extra.group ?? '' },
      });
      const id = expectOk(created, 201).participant.id;
      const code = expectOk(
        await call(ROUTES.createJoinCode, { token: staffToken, params: { participantId: id }, body: {} }),
        201,
      );
      const joined = expectOk(await call(ROUTES.join, { body: { code: code.code } }), 201);
      return { id, token: joined.token };
    },
    async stop() {
      if (stopped) return;
      stopped = true;
      await server.close();
    },
    async destroy() {
      await room.stop();
      if (!dataDir) rmSync(dir, { recursive: true, force: true });
    },
  };
  return room;
}

/** A stock y-websocket client (unmodified WebsocketProvider) on one of the room's documents. */
export function connectClient(room: { url: string }, docName: string, token: string, doc = new Y.Doc()) {
  const provider = new WebsocketProvider(`${room.url.replace(/^http/, 'ws')}/yjs`, docName, doc, {
    params: { token },
    WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket,
    // Same-process providers would otherwise sync through BroadcastChannel, bypassing the server.
    disableBc: true,
    maxBackoffTime: 500,
  });
  const closes: { code: number; reason: string }[] = [];
  provider.on('connection-close', (event) => {
    if (event) closes.push({ code: event.code, reason: event.reason });
  });
  return { doc, provider, closes };
}

/** Resolves once `check()` is true, polling; fails after `timeoutMs` with `what`. */
export async function waitFor(check: () => boolean, what: string, timeoutMs = 5000): Promise<void> {
  const start = Date.now();
  while (!check()) {
    if (Date.now() - start > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

/** The WebSocket address of a Yjs document on a room server (`url`: its http address), with a token. */
export function yjsUrl(room: { url: string }, docName: string, token?: string): string {
  const u = new URL(`/yjs/${docName}`, room.url.replace(/^http/, 'ws'));
  if (token) u.searchParams.set('token', token);
  return u.toString();
}

/** Opens a raw WebSocket and reports how the server answered (open, refused with a status, or closed). */
export function rawSocket(url: string): Promise<{ ws: WebSocket | null; status: number | null }> {
  return new Promise((resolve) => {
    const ws = new WebSocket(url);
    ws.on('open', () => resolve({ ws, status: null }));
    ws.on('unexpected-response', (_req, res) => {
      resolve({ ws: null, status: res.statusCode ?? null });
      ws.terminate();
    });
    ws.on('error', () => resolve({ ws: null, status: null }));
  });
}

/** Waits for a raw socket to close and returns the close code. */
export function closeCode(ws: WebSocket, timeoutMs = 5000): Promise<number> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('socket did not close')), timeoutMs);
    ws.on('close', (code) => {
      clearTimeout(timer);
      resolve(code);
    });
  });
}
