import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import WebSocket from 'ws';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import type { Role } from '#common/schemas/roles';
import { type RoomServerOptions, type RunningRoomServer, startRoomServer } from '../../../sync-server/app';

/** A parsed JSON answer; tests read it field by field and assert on each. */
// biome-ignore lint/suspicious/noExplicitAny: test assertions walk arbitrary response shapes
export type Json = any;

/** A real room server on a random loopback port with its own temp data directory. */
export interface TestRoom {
  readonly server: RunningRoomServer;
  readonly url: string;
  readonly dataDir: string;
  /** Token of the first secretariat account. */
  readonly staffToken: string;
  api(
    method: string,
    path: string,
    opts?: { body?: unknown; token?: string; raw?: string; headers?: Record<string, string> },
  ): Promise<{ status: number; body: Json; headers: Record<string, string> }>;
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

  async function api(
    method: string,
    path: string,
    o: { body?: unknown; token?: string; raw?: string; headers?: Record<string, string> } = {},
  ) {
    const headers: Record<string, string> = { ...o.headers };
    if (o.token) headers.authorization = `Bearer ${o.token}`;
    let body: string | undefined;
    if (o.raw !== undefined) body = o.raw;
    else if (o.body !== undefined) body = JSON.stringify(o.body);
    if (body !== undefined && !headers['content-type']) headers['content-type'] = 'application/json';
    const res = await fetch(`${url}/api/v1${path}`, { method, headers, body });
    const text = await res.text();
    let parsed: unknown = null;
    try {
      parsed = text ? JSON.parse(text) : null;
    } catch {
      parsed = text;
    }
    return { status: res.status, body: parsed as Json, headers: Object.fromEntries(res.headers) };
  }

  let staffToken = '';
  if (server.adminCode) {
    const joined = await api('POST', '/join', { body: { code: server.adminCode } });
    staffToken = joined.body.token;
  }

  let stopped = false;
  const room: TestRoom = {
    server,
    url,
    dataDir: dir,
    staffToken,
    api,
    async createMeeting(title = 'Phiên họp thử nghiệm') {
      const res = await api('POST', '/meetings', {
        token: staffToken,
        body: { title, startsAt: '2026-12-01T08:00:00+07:00', place: 'Phòng họp số 1' },
      });
      if (res.status !== 201) throw new Error(`createMeeting: ${res.status} ${JSON.stringify(res.body)}`);
      return res.body.meeting.id as string;
    },
    async addMember(meetingId, role, extra = {}) {
      const created = await api('POST', `/meetings/${meetingId}/participants`, {
        token: staffToken,
        body: { name: extra.name ?? `Người ${role}`, role, group: extra.group ?? '' },
      });
      if (created.status !== 201)
        throw new Error(`addMember: ${created.status} ${JSON.stringify(created.body)}`);
      const id = created.body.participant.id as string;
      const code = await api('POST', `/participants/${id}/join-codes`, { token: staffToken, body: {} });
      const joined = await api('POST', '/join', { body: { code: code.body.code } });
      if (joined.status !== 201) throw new Error(`join: ${joined.status} ${JSON.stringify(joined.body)}`);
      return { id, token: joined.body.token as string };
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
