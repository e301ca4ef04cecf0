/**
 * Finding 9, storage: a full disk, a shutdown on a full disk, orphaned and deleted document
 * bytes, and device tokens that never expired.
 *
 * The disk tests run the real server entry point on a small tmpfs (`mount -t tmpfs`, as root on
 * Linux); where mounting is not allowed they are skipped and the reason is in their name.
 */
import { execFileSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import {
  closeSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  openSync,
  readdirSync,
  rmSync,
  statSync,
  utimesSync,
  writeFileSync,
  writeSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable, Writable } from 'node:stream';
import Database from 'better-sqlite3';
import { PDFDocument, StandardFonts } from '@cantoo/pdf-lib';
import pino from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { ROUTES } from '#common/http/route-table';
import { API_PREFIX } from '#common/schemas/api';
import { receiveUpload } from '../../sync-server/ingest/receive-upload';
import { type ServerProcess, startServerProcess } from './helpers/server-process';
import {
  type CallQuery,
  callRoute,
  closeCode,
  connectClient,
  expectError,
  expectOk,
  rawSocket,
  startTestRoom,
  type TestRoom,
  waitFor,
} from '../integration/helpers/test-room';

const sha = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');
const DAY = 24 * 60 * 60 * 1000;

/** A small valid PDF whose bytes differ with `label` (and `padding` bytes of noise, for size). */
async function makePdf(label: string, padding = 0): Promise<Uint8Array<ArrayBuffer>> {
  const pdf = await PDFDocument.create();
  const font = await pdf.embedFont(StandardFonts.Helvetica);
  pdf.addPage([300, 200]).drawText(label, { x: 20, y: 100, size: 14, font });
  if (padding > 0) pdf.setSubject(randomBytes(padding).toString('base64'));
  return new Uint8Array(await pdf.save());
}

// ---------------------------------------------------------------------------------------------
// A small disk

/** Whether this test run may mount a tmpfs; probed once, so the skip can say why. */
const tmpfsProbe = ((): { ok: true } | { ok: false; reason: string } => {
  if (process.platform !== 'linux') return { ok: false, reason: 'a tmpfs needs Linux' };
  if (process.getuid?.() !== 0) return { ok: false, reason: 'mounting a tmpfs needs root' };
  const dir = mkdtempSync(join(tmpdir(), 'paperless-room-probe-'));
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=1m', 'tmpfs', dir], { stdio: 'pipe' });
    execFileSync('umount', [dir], { stdio: 'pipe' });
    return { ok: true };
  } catch (err) {
    const stderr = (err as { stderr?: Buffer }).stderr?.toString().trim();
    return { ok: false, reason: `mount -t tmpfs is not allowed here (${stderr || String(err)})` };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
})();
const skipDisk = !tmpfsProbe.ok;
const diskTitle = (title: string) => (tmpfsProbe.ok ? title : `${title} — skipped: ${tmpfsProbe.reason}`);

const cleanups: (() => void | Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** Mounts a fresh tmpfs of `sizeMb` for this test; unmounted after it. */
function smallDisk(sizeMb = 16): string {
  const dir = mkdtempSync(join(tmpdir(), 'paperless-room-small-disk-'));
  execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${sizeMb}m`, 'tmpfs', dir], { stdio: 'pipe' });
  cleanups.push(() => {
    execFileSync('umount', ['-l', dir], { stdio: 'pipe' });
    rmSync(dir, { recursive: true, force: true });
  });
  return dir;
}

/** Fills the file system holding `dir` to the last block; returns the filler file. */
function fillDisk(dir: string): string {
  const path = join(dir, `filler-${Date.now()}`);
  const fd = openSync(path, 'a');
  try {
    for (const size of [1024 * 1024, 64 * 1024, 4096, 512]) {
      const chunk = Buffer.alloc(size, 0x5a);
      try {
        for (;;) writeSync(fd, chunk);
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'ENOSPC') throw err;
      }
    }
  } finally {
    closeSync(fd);
  }
  return path;
}

/** Every file under `dir`, as paths relative to it (empty when `dir` does not exist). */
function filesUnder(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => join(e.parentPath, e.name).slice(dir.length + 1));
}

const blobPath = (dataDir: string, sha256: string) =>
  join(dataDir, 'blobs', sha256.slice(0, 2), sha256.slice(2));

// ---------------------------------------------------------------------------------------------
// The real server as a process

/** Starts `sync-server/room-server.ts` through tsx in `dataDir`, stopped (SIGKILL at worst) after the test. */
async function startProcess(dataDir: string, env: Record<string, string> = {}): Promise<ServerProcess> {
  const server = await startServerProcess({ dataDir, env });
  cleanups.push(async () => {
    await server.stop();
  });
  return server;
}

/** Signs in as the first secretariat account and creates a meeting. */
async function prepare(server: ServerProcess): Promise<{ token: string; meetingId: string }> {
  if (!server.adminCode) throw new Error('a fresh data directory prints an admin code');
  const { token } = expectOk(await callRoute(server.url, ROUTES.join, { body: { code: server.adminCode } }));
  const created = await callRoute(server.url, ROUTES.createMeeting, {
    token,
    body: { title: 'Phiên họp', startsAt: new Date(Date.now() + 9 * 86_400_000).toISOString() },
  });
  return { token, meetingId: expectOk(created, 201).meeting.id };
}

function uploadTo(
  url: string,
  token: string,
  meetingId: string,
  bytes: Uint8Array<ArrayBuffer>,
  query: CallQuery<typeof ROUTES.uploadDocument> = { fileName: 'tai-lieu.pdf' },
) {
  return callRoute(url, ROUTES.uploadDocument, { token, params: { meetingId }, query, body: bytes });
}

/** Tests that start the real server (through tsx) once or twice: slow on a busy machine. */
const PROCESS_TEST_MS = 180_000;

/** No reserve: the tests below fill the disk themselves. */
const NO_RESERVE = { PAPERLESS_ROOM_MIN_FREE_MB: '0', PAPERLESS_ROOM_MIN_FREE_PERCENT: '0' };

// ---------------------------------------------------------------------------------------------

describe.skipIf(skipDisk)(diskTitle('a full disk'), () => {
  it(
    'answers 507 insufficient_storage with a clear message, stores nothing, and recovers',
    async () => {
      const disk = smallDisk();
      const dataDir = join(disk, 'room');
      const server = await startProcess(dataDir, NO_RESERVE);
      const { token, meetingId } = await prepare(server);
      const pdf = await makePdf('Tờ trình khi đĩa đầy'.normalize('NFD').replace(/[^\x20-\x7e]/g, ''));

      const filler = fillDisk(disk);
      const refused = await uploadTo(server.url, token, meetingId, pdf);
      const error = expectError(refused, 507, 'insufficient_storage');
      expect(error.message).toMatch(/disk|space/i);
      expect(error.message).toMatch(/not stored/i);

      // Nothing half-stored: no temp file, no blob, no document.
      expect(filesUnder(join(dataDir, 'tmp'))).toEqual([]);
      expect(filesUnder(join(dataDir, 'blobs'))).toEqual([]);
      const detail = expectOk(
        await callRoute(server.url, ROUTES.getMeeting, { token, params: { meetingId } }),
      );
      expect(detail.documents).toEqual([]);

      // Space freed: the same upload goes through, on the same server.
      rmSync(filler);
      const stored = expectOk(await uploadTo(server.url, token, meetingId, pdf), 201);
      expect(existsSync(blobPath(dataDir, stored.document.sha256))).toBe(true);
      expect(await server.stop()).toBe(0);
    },
    PROCESS_TEST_MS,
  );

  it(
    'keeps a configurable free-space reserve: an upload that would eat into it is refused up front',
    async () => {
      const disk = smallDisk();
      const dataDir = join(disk, 'room');
      const server = await startProcess(dataDir, {
        PAPERLESS_ROOM_MIN_FREE_MB: '8',
        PAPERLESS_ROOM_MIN_FREE_PERCENT: '0',
      });
      const { token, meetingId } = await prepare(server);

      expectOk(await uploadTo(server.url, token, meetingId, await makePdf('small')), 201);
      const big = new Uint8Array(10 * 1024 * 1024);
      big.set(new TextEncoder().encode('%PDF-1.7\n'));
      const refused = await uploadTo(server.url, token, meetingId, big, { fileName: 'lon.pdf' });
      const error = expectError(refused, 507, 'insufficient_storage');
      expect(error.message).toMatch(/reserve/i);
      expect(filesUnder(join(dataDir, 'tmp'))).toEqual([]);

      // The same without a Content-Length: refused while streaming, before the reserve is used.
      const chunked = await fetch(
        `${server.url}${API_PREFIX}/meetings/${meetingId}/documents?fileName=lon.pdf`,
        {
          method: 'POST',
          headers: { authorization: `Bearer ${token}`, 'content-type': 'application/octet-stream' },
          body: Readable.toWeb(Readable.from([Buffer.from(big)])) as ReadableStream<Uint8Array>,
          duplex: 'half',
        } as RequestInit & { duplex: 'half' },
      ).catch((err: unknown) => err);
      if (chunked instanceof Response) {
        expect(chunked.status).toBe(507);
      }
      await waitFor(() => filesUnder(join(dataDir, 'tmp')).length === 0, 'temp file removed');
      const detail = expectOk(
        await callRoute(server.url, ROUTES.getMeeting, { token, params: { meetingId } }),
      );
      expect(detail.documents).toHaveLength(1);
      expect(await server.stop()).toBe(0);
    },
    PROCESS_TEST_MS,
  );

  it('maps a disk that fills up in the middle of an upload to insufficient_storage, leaving no temp file', async () => {
    const disk = smallDisk();
    const tmpDir = join(disk, 'tmp');
    async function* body() {
      yield Buffer.alloc(512 * 1024, 1);
      fillDisk(disk);
      for (let i = 0; i < 8; i++) yield Buffer.alloc(512 * 1024, 2);
    }
    const failure = await receiveUpload(Readable.from(body()), {
      tmpDir,
      limitBytes: 100 * 1024 * 1024,
      reserve: { minFreeBytes: 0, minFreeFraction: 0 },
    } as Parameters<typeof receiveUpload>[1]).then(
      () => null,
      (err: unknown) => err,
    );
    expect(failure).toMatchObject({ code: 'insufficient_storage' });
    expect(readdirSync(tmpDir)).toEqual([]);
  });

  it(
    'closes the database on SIGTERM even when the disk is full, and says so',
    async () => {
      const disk = smallDisk();
      const dataDir = join(disk, 'room');
      const server = await startProcess(dataDir, NO_RESERVE);
      const { token, meetingId } = await prepare(server);

      // A reader keeps the checkpointer from copying the next writes into room.sqlite, so the
      // final checkpoint has to grow the file — on a disk with no room left.
      const reader = new Database(join(dataDir, 'room.sqlite'), { readonly: true, fileMustExist: true });
      reader.exec('BEGIN');
      reader.prepare('SELECT count(*) FROM meetings').get();
      const rows = Array.from({ length: 400 }, (_, i) => `Nguoi so ${i} ${'x'.repeat(100)},delegate`);
      const imported = await callRoute(server.url, ROUTES.importParticipants, {
        token,
        params: { meetingId },
        query: {},
        body: ['name,role', ...rows].join('\n'),
      });
      expectOk(imported, 201);
      const filler = fillDisk(disk);
      reader.exec('COMMIT');
      reader.close();

      const code = await server.stop();
      const logs = server.logs();
      // Today's "shutdown failed" (exit 1, database left open), or a close that failed outright.
      expect(logs.filter((l) => /shutdown failed|could not close the database/.test(l.msg))).toEqual([]);
      expect(logs.some((l) => /database closed/.test(l.msg))).toBe(true);
      expect(code).toBe(0);

      // Nothing committed was lost: with space again the database opens, whole and complete.
      rmSync(filler);
      const db = new Database(join(dataDir, 'room.sqlite'));
      cleanups.push(() => {
        db.close();
      });
      expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
      const { n } = db
        .prepare('SELECT count(*) AS n FROM participants WHERE meeting_id = ?')
        .get(meetingId) as {
        n: number;
      };
      expect(n).toBe(400);
    },
    PROCESS_TEST_MS,
  );
});

// ---------------------------------------------------------------------------------------------

describe('document bytes nobody refers to', () => {
  let room: TestRoom;
  afterEach(async () => {
    await room?.destroy();
  });

  async function agendaItem(meetingId: string): Promise<string> {
    const created = await room.call(ROUTES.createAgendaItem, {
      token: room.staffToken,
      params: { meetingId },
      body: { title: 'Mục 1' },
    });
    return expectOk(created, 201).item.id;
  }

  it('removes the blob of an upload whose command was refused, unless another document has it', async () => {
    room = await startTestRoom();
    const meetingA = await room.createMeeting('A');
    const meetingB = await room.createMeeting('B');
    const itemOfB = await agendaItem(meetingB);

    // Refused after the bytes were stored: the agenda item belongs to another meeting.
    const lonely = await makePdf('lonely');
    const refused = await uploadTo(room.url, room.staffToken, meetingA, lonely, {
      fileName: 'lonely.pdf',
      agendaItemId: itemOfB,
    });
    expectError(refused, 404, 'not_found');
    expect(existsSync(blobPath(room.dataDir, sha(lonely)))).toBe(false);
    expect(filesUnder(join(room.dataDir, 'tmp'))).toEqual([]);

    // The same refusal for bytes meeting B already has keeps them.
    const shared = await makePdf('shared');
    expectOk(await uploadTo(room.url, room.staffToken, meetingB, shared), 201);
    const refusedShared = await uploadTo(room.url, room.staffToken, meetingA, shared, {
      fileName: 'shared.pdf',
      agendaItemId: itemOfB,
    });
    expectError(refusedShared, 404, 'not_found');
    expect(existsSync(blobPath(room.dataDir, sha(shared)))).toBe(true);
  });

  it("removes a deleted document's bytes, but keeps them while another document shares them", async () => {
    room = await startTestRoom();
    const meetingA = await room.createMeeting('A');
    const meetingB = await room.createMeeting('B');
    const shared = await makePdf('mat: shared');
    const a = expectOk(await uploadTo(room.url, room.staffToken, meetingA, shared), 201).document;
    const b = expectOk(await uploadTo(room.url, room.staffToken, meetingB, shared), 201).document;
    const path = blobPath(room.dataDir, sha(shared));

    expectOk(
      await room.call(ROUTES.deleteDocument, { token: room.staffToken, params: { documentId: a.id } }),
    );
    expect(existsSync(path)).toBe(true);
    const stillThere = await fetch(`${room.url}${API_PREFIX}/blobs/${sha(shared)}`, {
      headers: { authorization: `Bearer ${room.staffToken}` },
    });
    expect(stillThere.status).toBe(200);

    expectOk(
      await room.call(ROUTES.deleteDocument, { token: room.staffToken, params: { documentId: b.id } }),
    );
    expect(existsSync(path)).toBe(false);

    // Every version's bytes go with the document.
    const v1 = await makePdf('version 1');
    const v2 = await makePdf('version 2');
    const c = expectOk(await uploadTo(room.url, room.staffToken, meetingA, v1), 201).document;
    expectOk(
      await room.call(ROUTES.uploadVersion, {
        token: room.staffToken,
        params: { documentId: c.id },
        query: { fileName: 'v2.pdf' },
        body: v2,
      }),
      201,
    );
    expectOk(
      await room.call(ROUTES.deleteDocument, { token: room.staffToken, params: { documentId: c.id } }),
    );
    expect(existsSync(blobPath(room.dataDir, sha(v1)))).toBe(false);
    expect(existsSync(blobPath(room.dataDir, sha(v2)))).toBe(false);

    // The destruction is on the record, as a command of its own.
    const purges = room.server.context.db
      .prepare("SELECT payload FROM audit_log WHERE action = 'document.purge-bytes' ORDER BY seq")
      .all() as { payload: string }[];
    const purged = purges.flatMap((p) => (JSON.parse(p.payload) as { sha256s: string[] }).sha256s);
    expect(purged).toEqual(expect.arrayContaining([sha(shared), sha(v1), sha(v2)]));
    expect(purged).not.toContain(expect.stringMatching(/token/));
    expect(expectOk(await room.call(ROUTES.verifyAudit, { token: room.staffToken })).ok).toBe(true);
  });

  it(
    'sweeps orphans older than the grace period at start-up, and leaves fresh ones and referenced ones',
    async () => {
      const dataDir = join(mkdtempSync(join(tmpdir(), 'paperless-room-sweep-')), 'room');
      cleanups.push(() => rmSync(dataDir, { recursive: true, force: true }));
      const first = await startProcess(dataDir);
      const { token, meetingId } = await prepare(first);
      const kept = await makePdf('referenced');
      expectOk(await uploadTo(first.url, token, meetingId, kept), 201);
      expect(await first.stop()).toBe(0);

      const old = Date.now() - 2 * DAY;
      const plant = (bytes: Uint8Array, mtime: number) => {
        const path = blobPath(dataDir, sha(bytes));
        mkdirSync(join(path, '..'), { recursive: true });
        writeFileSync(path, bytes);
        utimesSync(path, mtime / 1000, mtime / 1000);
        return path;
      };
      const stale = plant(await makePdf('left behind by a crash'), old);
      const fresh = plant(await makePdf('an upload in flight'), Date.now());
      utimesSync(blobPath(dataDir, sha(kept)), old / 1000, old / 1000);

      const second = await startProcess(dataDir);
      await waitFor(() => !existsSync(stale), 'stale orphan swept', 10_000);
      expect(existsSync(fresh)).toBe(true);
      expect(existsSync(blobPath(dataDir, sha(kept)))).toBe(true);
      expect(statSync(blobPath(dataDir, sha(kept))).size).toBe(kept.byteLength);
      expect(await second.stop()).toBe(0);
    },
    PROCESS_TEST_MS,
  );
});

// ---------------------------------------------------------------------------------------------

describe('device sessions expire', () => {
  let room: TestRoom;
  afterEach(async () => {
    await room?.destroy();
  });

  const ago = (ms: number) => new Date(Date.now() - ms).toISOString();
  const sessionOf = async (token: string) =>
    expectOk(await room.call(ROUTES.getSession, { token })).deviceSessionId;
  const setSession = (id: string, fields: { last_seen_at?: string; created_at?: string }) => {
    for (const [column, value] of Object.entries(fields)) {
      room.server.context.db.prepare(`UPDATE device_sessions SET ${column} = ? WHERE id = ?`).run(value, id);
    }
  };
  const wsUrl = (name: string, token: string) =>
    `${room.url.replace(/^http/, 'ws')}/yjs/${name}?token=${encodeURIComponent(token)}`;

  it('refuses a token unused for longer than its idle limit like a revoked one (401, socket 401)', async () => {
    room = await startTestRoom();
    const meetingId = await room.createMeeting();
    const delegate = await room.addMember(meetingId, 'delegate');
    setSession(await sessionOf(delegate.token), { last_seen_at: ago(31 * DAY), created_at: ago(40 * DAY) });

    expectError(await room.call(ROUTES.getSession, { token: delegate.token }), 401, 'unauthenticated');
    expect((await rawSocket(wsUrl(`meeting/${meetingId}/live`, delegate.token))).status).toBe(401);
  });

  it('slides on use: a staff token used within 30 days keeps working and is refreshed', async () => {
    room = await startTestRoom();
    const staffSession = await sessionOf(room.staffToken);
    setSession(staffSession, { last_seen_at: ago(29 * DAY), created_at: ago(200 * DAY) });
    expectOk(await room.call(ROUTES.getSession, { token: room.staffToken }));
    const row = room.server.context.db
      .prepare('SELECT last_seen_at FROM device_sessions WHERE id = ?')
      .get(staffSession) as { last_seen_at: string };
    expect(Date.now() - Date.parse(row.last_seen_at)).toBeLessThan(60_000);
  });

  it("ends a meeting's device sessions some days after the meeting, and closes their sockets with 4401", async () => {
    room = await startTestRoom();
    const meetingId = await room.createMeeting();
    const delegate = await room.addMember(meetingId, 'delegate');
    const latecomer = await room.addMember(meetingId, 'archivist');
    const live = connectClient(room, `meeting/${meetingId}/live`, delegate.token);
    await waitFor(() => live.provider.synced, 'live document synced');

    // The meeting took place three weeks ago and the delegate joined the day before: the session
    // is over, although it was used a moment ago.
    // A session lasting twenty days ending three days ago keeps its devices: the margin runs from the end.
    const setMeetingTimes = (startsAt: string, endsAt: string): void => {
      room.server.context.db
        .prepare('UPDATE meetings SET starts_at = ?, ends_at = ? WHERE id = ?')
        .run(startsAt, endsAt, meetingId);
    };
    setMeetingTimes(ago(23 * DAY), ago(3 * DAY));
    setSession(await sessionOf(delegate.token), { created_at: ago(22 * DAY) });
    expectOk(await room.call(ROUTES.getSession, { token: delegate.token }));
    setMeetingTimes(ago(21 * DAY), ago(20 * DAY));
    expectError(await room.call(ROUTES.getSession, { token: delegate.token }), 401, 'unauthenticated');
    // A device that joined after the meeting (to read the minutes, say) still has its margin,
    // and the staff's own room-wide session is not tied to any meeting.
    expectOk(await room.call(ROUTES.getSession, { token: latecomer.token }));
    expectOk(await room.call(ROUTES.getSession, { token: room.staffToken }));

    // An open socket goes the way of a revoked device's at the next re-check.
    expectOk(await room.call(ROUTES.publishMeeting, { token: room.staffToken, params: { meetingId } }));
    await waitFor(() => live.closes.some((c) => c.code === 4401), 'socket closed with 4401');
    live.provider.destroy();
  });

  it('never writes a token into the log (it travels in the WebSocket URL)', async () => {
    const lines: string[] = [];
    const sink = new Writable({
      write(chunk, _enc, done) {
        lines.push(String(chunk));
        done();
      },
    });
    room = await startTestRoom({ logger: pino({ level: 'trace' }, sink) });
    const meetingId = await room.createMeeting();
    const delegate = await room.addMember(meetingId, 'delegate');
    const ok = await rawSocket(wsUrl(`meeting/${meetingId}/live`, delegate.token));
    ok.ws?.close();
    if (ok.ws) await closeCode(ok.ws);
    await rawSocket(wsUrl('meeting/unknown-meeting/live', delegate.token));
    await rawSocket(wsUrl(`meeting/${meetingId}/minutes`, `${delegate.token}x`));
    await fetch(`${room.url}${API_PREFIX}/session?token=${delegate.token}`);
    await fetch(`${room.url}/nothing-here?token=${delegate.token}`);
    const log = lines.join('');
    expect(log.length).toBeGreaterThan(0);
    for (const token of [delegate.token, room.staffToken]) expect(log).not.toContain(token);
  });
});
