import { createHash, randomBytes } from 'node:crypto';
import { request } from 'node:http';
import { connect, type Socket } from 'node:net';
import { PDFDocument, StandardFonts } from '@cantoo/pdf-lib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROUTES } from '#common/http/route-table';
import {
  closeCode,
  expectOk,
  rawSocket,
  startTestRoom,
  type TestRoom,
} from '../integration/helpers/test-room';

/**
 * Finding 2: slow and idle connections took the server off the air. Thousands of connections
 * each dribbling a `/join` body held the server's sockets and memory for ever: no request
 * timeout, no connection cap. Here a few hundred connections from several loopback addresses
 * (127.0.0.x stands in for laptops on the room network) each send a slow body byte by byte;
 * while they hang, `/health` and a document download from another address must answer
 * promptly, connections past the per-address cap must be refused, and every slow body must be
 * cut off by the body deadline. Timeouts are shrunk through the `limits` option so this runs
 * in seconds.
 */

const LIMITS = {
  headersTimeoutMs: 1_000,
  bodyGraceMs: 5_000,
  minBodyBytesPerSecond: 64 * 1024,
  keepAliveTimeoutMs: 5_000,
  idleTimeoutMs: 20_000,
  maxConnections: 2_000,
  maxConnectionsPerAddress: 40,
  maxSockets: 200,
  maxSocketsPerAddress: 20,
  // The flood comes from loopback addresses, so loopback must count like any laptop here.
  exemptLoopback: false,
};

/** Flooding addresses; the test's own requests come from 127.0.0.1. */
const FLOOD_ADDRESSES = Array.from({ length: 10 }, (_, i) => `127.0.0.${10 + i}`);
/** Connections past the cap, all from the first flooding address. */
const PAST_CAP = 20;
/** Bytes of the slow body; at one byte per DRIBBLE_MS it would take 40 s to arrive. */
const BODY_BYTES = 200;
const DRIBBLE_MS = 200;
/** Every wait in this file ends by itself. */
const WAIT_MS = 14_000;

interface SlowConnection {
  readonly socket: Socket;
  /** When the server closed it (ms since the flood started), or null while open. */
  closedAt: number | null;
  /** Everything the server sent. */
  received: string;
  connected: boolean;
}

function minimalPdfBody(): Promise<Uint8Array<ArrayBuffer>> {
  return (async () => {
    const doc = await PDFDocument.create();
    const font = await doc.embedFont(StandardFonts.Helvetica);
    doc.addPage([595, 842]).drawText(`slow ${randomBytes(6).toString('hex')}`, { x: 72, y: 770, font });
    return new Uint8Array(await doc.save());
  })();
}

/**
 * Opens a raw TCP connection from `localAddress`, sends the request head at once and then the
 * body one byte every DRIBBLE_MS (or, with `slowHead`, the head itself byte by byte).
 */
function slowRequest(
  port: number,
  localAddress: string,
  startedAt: number,
  timers: Set<NodeJS.Timeout>,
  opts: { slowHead?: boolean } = {},
): SlowConnection {
  const head =
    `POST /api/v1/join HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nContent-Type: application/json\r\n` +
    `Content-Length: ${BODY_BYTES}\r\n\r\n`;
  const body = `{"code":"${'Z'.repeat(BODY_BYTES - 12)}"}`;
  const socket = connect({ host: '127.0.0.1', port, localAddress });
  const conn: SlowConnection = { socket, closedAt: null, received: '', connected: false };
  socket.setNoDelay(true);
  socket.on('error', () => {});
  socket.on('data', (d) => {
    conn.received += d.toString('latin1');
  });
  socket.on('close', () => {
    conn.closedAt = Date.now() - startedAt;
  });
  socket.on('connect', () => {
    conn.connected = true;
    const slow = opts.slowHead ? head + body : body;
    if (!opts.slowHead) socket.write(head);
    let sent = 0;
    const timer = setInterval(() => {
      if (socket.destroyed || sent >= slow.length) {
        clearInterval(timer);
        timers.delete(timer);
        return;
      }
      socket.write(slow[sent++]!);
    }, DRIBBLE_MS);
    timers.add(timer);
  });
  return conn;
}

/** Resolves when `check()` holds or after `ms`, whichever comes first. */
async function until(check: () => boolean, ms: number): Promise<void> {
  const end = Date.now() + ms;
  while (!check() && Date.now() < end) await new Promise((r) => setTimeout(r, 20));
}

/** One GET from 127.0.0.1 on a fresh connection: status, body bytes and how long it took. */
function timedGet(
  url: string,
  path: string,
  token?: string,
): Promise<{ status: number; bytes: Buffer; ms: number }> {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const req = request(
      `${url}${path}`,
      {
        localAddress: '127.0.0.1',
        agent: false,
        headers: token ? { authorization: `Bearer ${token}` } : {},
        timeout: WAIT_MS,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            bytes: Buffer.concat(chunks),
            ms: performance.now() - started,
          }),
        );
      },
    );
    req.on('timeout', () => req.destroy(new Error(`GET ${path} took more than ${WAIT_MS} ms`)));
    req.on('error', reject);
    req.end();
  });
}

describe('slow and idle connections do not take the server off the air', () => {
  let room: TestRoom;
  let sha256: string;
  let pdf: Uint8Array;

  beforeAll(async () => {
    room = await startTestRoom({ limits: LIMITS });
    const meetingId = await room.createMeeting();
    pdf = await minimalPdfBody();
    const up = await room.call(ROUTES.uploadDocument, {
      token: room.staffToken,
      params: { meetingId },
      query: { fileName: 'tai-lieu.pdf' },
      body: pdf as Uint8Array<ArrayBuffer>,
      headers: { 'content-type': 'application/pdf' },
    });
    sha256 = expectOk(up, 201).document.sha256;
  });
  afterAll(async () => {
    await room.destroy();
  });

  it('keeps /health and downloads prompt, refuses connections past the per-address cap and cuts slow bodies off', async () => {
    const port = room.server.port;
    const timers = new Set<NodeJS.Timeout>();
    const startedAt = Date.now();
    const within: SlowConnection[] = [];
    const past: SlowConnection[] = [];
    // A Yjs socket opened before the flood, on its own pool: it must stay open throughout.
    const liveName = encodeURIComponent(
      `meeting/${expectOk(await room.call(ROUTES.listMeetings, { token: room.staffToken })).meetings[0]!.id}/live`,
    );
    const wsUrl = `${room.url.replace(/^http/, 'ws')}/yjs/${liveName}?token=${room.staffToken}`;
    const before = await rawSocket(wsUrl);
    try {
      expect(before.ws, 'a Yjs socket opens before the flood').not.toBeNull();
      for (const address of FLOOD_ADDRESSES) {
        for (let i = 0; i < LIMITS.maxConnectionsPerAddress; i++) {
          within.push(slowRequest(port, address, startedAt, timers));
        }
      }
      await until(() => within.every((c) => c.connected || c.closedAt !== null), WAIT_MS);
      // Let the server take every one of them in before the extra ones arrive (taking in a burst
      // of 400 connections and their request heads keeps it busy for about a second here).
      const held = () =>
        new Promise<number>((resolve) => room.server.http.server.getConnections((_e, n) => resolve(n)));
      for (let i = 0; i < 100 && (await held()) < within.length; i++)
        await new Promise((r) => setTimeout(r, 50));
      await timedGet(room.url, '/api/v1/health');
      for (let i = 0; i < PAST_CAP; i++) past.push(slowRequest(port, FLOOD_ADDRESSES[0]!, startedAt, timers));
      await new Promise((r) => setTimeout(r, 300));

      // While ~400 slow bodies hang: /health and a document download from another address.
      const health: number[] = [];
      for (let i = 0; i < 10; i++) {
        const res = await timedGet(room.url, '/api/v1/health');
        expect(res.status).toBe(200);
        health.push(res.ms);
      }
      const download = await timedGet(room.url, `/api/v1/blobs/${sha256}`, room.staffToken);
      expect(download.status).toBe(200);
      expect(createHash('sha256').update(download.bytes).digest('hex')).toBe(sha256);
      const during = await rawSocket(wsUrl);
      expect(during.ws, 'a new Yjs socket opens during the flood').not.toBeNull();
      during.ws?.close();
      const openAtCheck = within.filter((c) => c.closedAt === null).length;
      console.log(
        `slow-connections: ${within.length} slow bodies (${openAtCheck} still open at the check), ` +
          `/health ${health.map((ms) => ms.toFixed(1)).join(' ')} ms, download ${download.ms.toFixed(1)} ms`,
      );
      expect(openAtCheck, 'the slow bodies were still hanging while we checked').toBeGreaterThan(
        within.length / 2,
      );
      expect.soft(Math.max(...health), '/health latency under the flood (ms)').toBeLessThan(1_000);
      expect.soft(download.ms, 'download latency under the flood (ms)').toBeLessThan(2_000);

      // Past the per-address cap: closed by the server at once, none of them admitted.
      await until(() => past.every((c) => c.closedAt !== null), 2_000);
      const admitted = past.filter((c) => c.closedAt === null);
      expect.soft(admitted.length, 'connections past the per-address cap are refused').toBe(0);

      // Every slow body is cut off: the body deadline is 5 s plus its size at 64 KiB/s.
      await until(() => within.every((c) => c.closedAt !== null), WAIT_MS);
      const stillOpen = within.filter((c) => c.closedAt === null).length;
      expect.soft(stillOpen, 'slow bodies still open after the body deadline').toBe(0);
      const latest = Math.max(...within.map((c) => c.closedAt ?? Number.POSITIVE_INFINITY));
      expect.soft(latest, 'the last slow body was cut off at (ms)').toBeLessThan(LIMITS.bodyGraceMs + 6_000);
      expect
        .soft(within.filter((c) => c.received.startsWith('HTTP/1.1 408')).length, 'answered 408')
        .toBe(within.length);
      // The Yjs socket opened before the flood is still there.
      expect(before.ws?.readyState).toBe(1);
    } finally {
      for (const t of timers) clearInterval(t);
      for (const c of [...within, ...past]) c.socket.destroy();
      if (before.ws) {
        before.ws.close();
        await closeCode(before.ws).catch(() => {});
      }
    }
    // And it is all over: a fresh /health is as quick as ever.
    expect((await timedGet(room.url, '/api/v1/health')).ms).toBeLessThan(1_000);
  });

  it('closes connections that send their headers byte by byte', async () => {
    const port = room.server.port;
    const timers = new Set<NodeJS.Timeout>();
    const startedAt = Date.now();
    const conns = Array.from({ length: 50 }, (_, i) =>
      slowRequest(port, FLOOD_ADDRESSES[i % FLOOD_ADDRESSES.length]!, startedAt, timers, { slowHead: true }),
    );
    try {
      await until(() => conns.every((c) => c.closedAt !== null), WAIT_MS);
      expect(conns.filter((c) => c.closedAt === null).length, 'slow headers still open').toBe(0);
      expect(Math.max(...conns.map((c) => c.closedAt ?? Number.POSITIVE_INFINITY))).toBeLessThan(
        LIMITS.headersTimeoutMs + 3_000,
      );
    } finally {
      for (const t of timers) clearInterval(t);
      for (const c of conns) c.socket.destroy();
    }
  });
});
