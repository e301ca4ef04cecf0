/**
 * Finding 6, the audit chain can be rewritten: with write access to room.sqlite, deleting the
 * newest entries still verified, and history edited and re-hashed to the end verified too —
 * nothing anchored the chain's head. Now the head is kept outside the database
 * (`audit-head.json` in the data directory), published in every meeting's live document (so
 * each laptop witnesses it), and `/audit/verify` checks the chain against both.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import type * as Y from 'yjs';
import { ROUTES } from '#common/http/route-table';
import { LIVE_MAP } from '#common/protocol/live-doc';
import {
  connectClient,
  expectOk,
  startTestRoom,
  type TestRoom,
  waitFor,
} from '../integration/helpers/test-room';

interface Head {
  seq: number;
  hash: string;
}

const cleanups: (() => void | Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** A room on a data directory the test keeps across restarts. */
async function roomOn(dataDir: string): Promise<TestRoom> {
  const room = await startTestRoom({}, dataDir);
  cleanups.push(() => room.stop());
  return room;
}

function newDataDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'paperless-room-anchor-'));
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/** Runs `change` on room.sqlite behind the server's back (it is stopped), as an attacker with disk access would. */
function tamper<T>(dataDir: string, change: (db: Database.Database) => T): T {
  const db = new Database(join(dataDir, 'room.sqlite'));
  try {
    return change(db);
  } finally {
    db.close();
  }
}

interface Row {
  seq: number;
  at: string;
  actor_id: string | null;
  action: string;
  meeting_id: string | null;
  payload: string;
  prev_hash: string;
  hash: string;
}

/** The chain's entry hash, recomputed the way sync-server/audit/audit-log.ts does. */
const entryHash = (r: Omit<Row, 'hash'>) =>
  createHash('sha256')
    .update(JSON.stringify([r.seq, r.at, r.actor_id, r.action, r.meeting_id, r.payload, r.prev_hash]))
    .digest('hex');

/** Edits one entry's payload and re-hashes every entry from there to the end: a consistent forged chain. */
function rewriteHistory(db: Database.Database, seq: number, payload: (old: string) => string): void {
  const rows = db.prepare('SELECT * FROM audit_log WHERE seq >= ? ORDER BY seq').all(seq) as Row[];
  let prev = (db.prepare('SELECT hash FROM audit_log WHERE seq = ?').get(seq - 1) as { hash: string }).hash;
  const update = db.prepare('UPDATE audit_log SET payload = ?, prev_hash = ?, hash = ? WHERE seq = ?');
  db.transaction(() => {
    for (const row of rows) {
      const forged = {
        ...row,
        prev_hash: prev,
        payload: row.seq === seq ? payload(row.payload) : row.payload,
      };
      const hash = entryHash(forged);
      update.run(forged.payload, forged.prev_hash, hash, row.seq);
      prev = hash;
    }
  })();
}

async function addItems(room: TestRoom, meetingId: string, titles: readonly string[]): Promise<void> {
  for (const title of titles) {
    expectOk(
      await room.call(ROUTES.createAgendaItem, {
        token: room.staffToken,
        params: { meetingId },
        body: { title },
      }),
      201,
    );
  }
}

const verify = async (room: TestRoom, token: string) =>
  expectOk(await room.call(ROUTES.verifyAudit, { token }), 200);

/** The head a laptop reads from the meeting's live document. */
const liveHead = (doc: Y.Doc): Head | undefined => doc.getMap(LIVE_MAP).get('auditHead') as Head | undefined;

describe('the audit chain is anchored outside the database', () => {
  it('(a) reports newest entries deleted while the server was stopped as truncated', async () => {
    const dataDir = newDataDir();
    let room = await roomOn(dataDir);
    const token = room.staffToken;
    const m = await room.createMeeting();
    await addItems(room, m, ['Khai mạc', 'Báo cáo tình hình', 'Bế mạc']);
    const before = await verify(room, token);
    expect(before).toMatchObject({ ok: true, firstBadSeq: null });
    await room.stop();

    // Cut the newest two entries: what is left is still a perfectly valid chain.
    tamper(dataDir, (db) => db.prepare('DELETE FROM audit_log WHERE seq > ?').run(before.entries - 2));

    room = await roomOn(dataDir);
    const after = await verify(room, token);
    expect(after.entries).toBe(before.entries - 2);
    expect(after.firstBadSeq).toBeNull(); // the chain itself recomputes …
    expect(after).toMatchObject({
      ok: false, // … but it ends before the head the server stored
      problem: 'truncated',
      anchor: { seq: before.entries, status: 'truncated' },
      head: { seq: before.entries - 2 },
    });

    // The stored head is a private file beside the database, kept as evidence: the server does
    // not lower it to the shortened chain.
    const headFile = join(dataDir, 'audit-head.json');
    expect(existsSync(headFile)).toBe(true);
    if (process.platform !== 'win32') expect((statSync(headFile).mode & 0o777).toString(8)).toBe('600');
    expect(JSON.parse(readFileSync(headFile, 'utf8'))).toMatchObject({ seq: before.entries });
  });

  it('(b) reports history edited and re-hashed to the end as rewritten, by the stored head and by witnesses', async () => {
    const dataDir = newDataDir();
    let room = await roomOn(dataDir);
    const token = room.staffToken;
    const m = await room.createMeeting('Phiên họp UBND tháng 12');
    const delegate = await room.addMember(m, 'delegate');
    await addItems(room, m, ['Khai mạc', 'Dự toán ngân sách 2027', 'Bế mạc']);

    // A delegate's laptop witnesses the head from the live document.
    const laptop = connectClient(room, `meeting/${m}/live`, delegate.token);
    const chainHead = (await verify(room, token)).head;
    expect(chainHead?.seq).toBeGreaterThan(0);
    await waitFor(
      () => liveHead(laptop.doc)?.seq === chainHead?.seq && liveHead(laptop.doc)?.hash === chainHead?.hash,
      'the live document publishes the chain head',
      5000,
    );
    const witnessed = { ...liveHead(laptop.doc)! };
    laptop.provider.destroy();
    await room.stop();

    // Edit an old entry (the budget item's title) and re-hash the whole chain to the end.
    const target = tamper(dataDir, (db) => {
      const row = db
        .prepare("SELECT seq, hash FROM audit_log WHERE action = 'agenda.add' AND payload LIKE '%Dự toán%'")
        .get() as { seq: number; hash: string };
      const first = db.prepare('SELECT seq, hash FROM audit_log WHERE seq = 1').get() as Head;
      rewriteHistory(db, row.seq, (p) => p.replace('Dự toán ngân sách 2027', 'Mục đã sửa'));
      return { seq: row.seq, original: row.hash, first };
    });

    room = await roomOn(dataDir);
    const after = await verify(room, token);
    expect(after.firstBadSeq).toBeNull(); // the forged chain recomputes …
    expect(after.entries).toBe(witnessed.seq);
    expect(after).toMatchObject({
      ok: false, // … but its last entry is not the one the server stored
      problem: 'rewritten',
      anchor: { seq: witnessed.seq, hash: witnessed.hash, status: 'rewritten' },
    });

    // Witnesses collected from laptops: the chain contradicts the recent one and the edited entry.
    const checked = expectOk(
      await room.call(ROUTES.verifyAuditWitnesses, {
        token,
        body: {
          witnesses: [
            target.first,
            { seq: target.seq, hash: target.original },
            witnessed,
            { seq: witnessed.seq + 5, hash: witnessed.hash },
          ],
        },
      }),
      200,
    );
    // Only the room's staff and archivists check the room's chain.
    const asDelegate = await room.call(ROUTES.verifyAuditWitnesses, {
      token: delegate.token,
      body: { witnesses: [witnessed] },
    });
    expect(asDelegate.status).toBe(403);
    expect(checked.ok).toBe(false);
    expect(checked.witnesses).toEqual([
      { ...target.first, status: 'confirmed' },
      { seq: target.seq, hash: target.original, status: 'rewritten' },
      { ...witnessed, status: 'rewritten' },
      { seq: witnessed.seq + 5, hash: witnessed.hash, status: 'truncated' },
    ]);
  });

  it('(b′) still catches the rewrite through a laptop witness when the stored head was deleted too', async () => {
    const dataDir = newDataDir();
    let room = await roomOn(dataDir);
    const token = room.staffToken;
    const m = await room.createMeeting();
    await addItems(room, m, ['Khai mạc', 'Thảo luận']);
    const witnessed = (await verify(room, token)).head!;
    await room.stop();

    // Changing nothing but an entry's time is enough: the payload stays, `at` moves, all re-hashed.
    tamper(dataDir, (db) => {
      db.prepare("UPDATE audit_log SET at = '2020-01-01T00:00:00.000Z' WHERE seq = 3").run();
      rewriteHistory(db, 3, (p) => p);
    });
    rmSync(join(dataDir, 'audit-head.json'));

    room = await roomOn(dataDir);
    const plain = await verify(room, token);
    expect(plain.firstBadSeq).toBeNull();
    // Without the stored head the server alone cannot tell …
    expect(plain.anchor?.status ?? 'ok').toBe('ok');
    // … but the laptop's witness can.
    const checked = expectOk(
      await room.call(ROUTES.verifyAuditWitnesses, { token, body: { witnesses: [witnessed] } }),
      200,
    );
    expect(checked).toMatchObject({ ok: false, problem: 'rewritten' });
    expect(checked.witnesses).toEqual([{ ...witnessed, status: 'rewritten' }]);
  });

  it('(c) a stock y-websocket client sees auditHead advance: exact in its meeting, coalesced in the others', async () => {
    const dataDir = newDataDir();
    const room = await roomOn(dataDir);
    const token = room.staffToken;
    const m1 = await room.createMeeting('Phiên họp A');
    const m2 = await room.createMeeting('Phiên họp B');
    const a = await room.addMember(m1, 'delegate');
    const b = await room.addMember(m2, 'delegate');
    const inA = connectClient(room, `meeting/${m1}/live`, a.token);
    const inB = connectClient(room, `meeting/${m2}/live`, b.token);
    cleanups.push(() => {
      inA.provider.destroy();
      inB.provider.destroy();
    });
    await waitFor(() => inA.provider.synced && inB.provider.synced, 'both laptops synced');

    const start = (await verify(room, token)).head!;
    for (const laptop of [inA, inB]) {
      await waitFor(() => liveHead(laptop.doc)?.seq === start.seq, 'the current head is shown', 5000);
    }
    const seenInA: number[] = [];
    let writesInB = 0;
    inA.doc.getMap(LIVE_MAP).observe((event) => {
      if (event.keysChanged.has('auditHead')) seenInA.push(liveHead(inA.doc)!.seq);
    });
    inB.doc.getMap(LIVE_MAP).observe((event) => {
      if (event.keysChanged.has('auditHead')) writesInB++;
    });

    // One command in meeting A: its laptops see the new head as part of the command's effects.
    await addItems(room, m1, ['Khai mạc']);
    const one = (await verify(room, token)).head!;
    expect(one.seq).toBe(start.seq + 1);
    await waitFor(() => liveHead(inA.doc)?.hash === one.hash, 'meeting A shows the new head', 5000);

    // Twenty more at once.
    const began = Date.now();
    await Promise.all(Array.from({ length: 20 }, (_, i) => addItems(room, m1, [`Mục ${i + 1}`])));
    const elapsed = Date.now() - began;
    const end = (await verify(room, token)).head!;
    expect(end.seq).toBe(start.seq + 21);

    // Both laptops end on the chain's real head: meeting B's live document is open, so it is
    // kept current too, although no command concerned it.
    for (const laptop of [inA, inB]) {
      await waitFor(
        () => liveHead(laptop.doc)?.seq === end.seq && liveHead(laptop.doc)?.hash === end.hash,
        'the live document reaches the chain head',
        5000,
      );
    }
    // Meeting A's head only moves forward; meeting B got at most one write per second (plus the
    // trailing one), not one per command.
    expect(seenInA).toEqual([...seenInA].sort((x, y) => x - y));
    expect(writesInB).toBeGreaterThan(0);
    expect(writesInB).toBeLessThanOrEqual(Math.ceil(elapsed / 1000) + 2);
  });
});
