import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { AuditHead } from '#common/schemas/api';
import { AUDIT_HEAD_FILE, AuditAnchor, storedAuditHead } from '../../../sync-server/audit/audit-anchor';
import { AuditHeadBroadcaster } from '../../../sync-server/audit/audit-head-broadcast';
import {
  appendAudit,
  checkAuditHead,
  currentAuditHead,
  GENESIS_HASH,
  verifyAuditChain,
} from '../../../sync-server/audit/audit-log';
import { SYSTEM } from '../../../sync-server/commands/command';
import { createMeeting } from '../../../sync-server/commands/meetings/create-meeting';
import { publishMeeting } from '../../../sync-server/commands/meetings/publish-meeting';
import { openCommandStores } from '../../../sync-server/commands/command-stores';
import { CommandPipeline } from '../../../sync-server/commands/pipeline';
import { openDatabase, openMemoryDatabase, type WritableDB } from '../../../sync-server/db/database';
import { migrate } from '../../../sync-server/db/migrate';
import { ROOM_MIGRATIONS } from '../../../sync-server/db/migrations/index';
import { transactionHandle } from '../../../sync-server/db/tx';

const cleanups: (() => void)[] = [];
afterEach(() => {
  for (const c of cleanups.splice(0).reverse()) c();
  vi.useRealTimers();
});

const silent = pino({ level: 'silent' });

/** A logger that keeps what was logged at warn and above. */
function recordingLogger() {
  const lines: { level: number; msg: string }[] = [];
  const logger = pino({ level: 'warn' }, { write: (line: string) => void lines.push(JSON.parse(line)) });
  return { logger, lines };
}

function fileDb(dir = mkdtempSync(join(tmpdir(), 'audit-anchor-'))): { dir: string; db: WritableDB } {
  const db = openDatabase(dir);
  migrate(db, ROOM_MIGRATIONS);
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  cleanups.push(() => db.open && db.close());
  return { dir, db };
}

function append(db: WritableDB, n: number, meetingId: string | null = null): AuditHead {
  return db.transaction(() =>
    appendAudit(transactionHandle(db, new Date().toISOString()), null, {
      action: 'document.delete',
      meetingId,
      payload: { documentId: `document-${n}`, title: `Tài liệu ${n}` },
    }),
  )();
}

const readHead = (dir: string) => JSON.parse(readFileSync(join(dir, AUDIT_HEAD_FILE), 'utf8')) as AuditHead;

describe('the chain head', () => {
  it('is seq 0 and the genesis hash for an empty chain, then the newest entry', () => {
    const db = openMemoryDatabase();
    migrate(db, ROOM_MIGRATIONS);
    expect(currentAuditHead(db)).toEqual({ seq: 0, hash: GENESIS_HASH });
    append(db, 1);
    const second = append(db, 2);
    expect(currentAuditHead(db)).toEqual(second);
  });

  it('checks a head seen earlier: confirmed, truncated or rewritten', () => {
    const db = openMemoryDatabase();
    migrate(db, ROOM_MIGRATIONS);
    const first = append(db, 1);
    const second = append(db, 2);
    expect(checkAuditHead(db, first)).toBe('confirmed');
    expect(checkAuditHead(db, second)).toBe('confirmed');
    expect(checkAuditHead(db, { seq: 0, hash: GENESIS_HASH })).toBe('confirmed');
    expect(checkAuditHead(db, { seq: 2, hash: first.hash })).toBe('rewritten');
    expect(checkAuditHead(db, { seq: 3, hash: first.hash })).toBe('truncated');
    append(db, 3);
    db.prepare('DELETE FROM audit_log WHERE seq = 2').run();
    expect(checkAuditHead(db, second)).toBe('rewritten'); // gone from the middle
  });

  it('keeps verifyAuditChain(db) as it was, and adds the head, anchor and witnesses when asked', () => {
    const db = openMemoryDatabase();
    migrate(db, ROOM_MIGRATIONS);
    const first = append(db, 1);
    const second = append(db, 2);
    expect(verifyAuditChain(db)).toEqual({ ok: true, entries: 2, firstBadSeq: null });
    expect(verifyAuditChain(db, { anchor: second, witnesses: [first] })).toEqual({
      ok: true,
      entries: 2,
      firstBadSeq: null,
      head: second,
      anchor: { ...second, status: 'confirmed' },
      problem: null,
      witnesses: [{ ...first, status: 'confirmed' }],
    });
    db.prepare('DELETE FROM audit_log WHERE seq = 2').run();
    expect(verifyAuditChain(db, { anchor: second })).toMatchObject({
      ok: false,
      firstBadSeq: null,
      problem: 'truncated',
      anchor: { status: 'truncated' },
    });
    expect(verifyAuditChain(db, { anchor: null, witnesses: [second] })).toMatchObject({
      ok: false,
      problem: 'truncated',
      anchor: null,
    });
    db.prepare("UPDATE audit_log SET payload = '{}' WHERE seq = 1").run();
    expect(verifyAuditChain(db, { anchor: second })).toMatchObject({
      ok: false,
      problem: 'broken',
      firstBadSeq: 1,
    });
  });
});

describe('the head stored outside the database', () => {
  it('follows the commits, atomically, 0600, and reads back', async () => {
    const { dir, db } = fileDb();
    const anchor = AuditAnchor.open(db, silent);
    expect(existsSync(join(dir, AUDIT_HEAD_FILE))).toBe(false);
    anchor.record(append(db, 1));
    anchor.record(append(db, 2));
    const third = append(db, 3);
    anchor.record(third);
    await anchor.flush();
    expect(readHead(dir)).toEqual(third);
    expect(storedAuditHead(db)).toEqual(third);
    if (process.platform !== 'win32') expect(statSync(join(dir, AUDIT_HEAD_FILE)).mode & 0o777).toBe(0o600);
    // No temp file is left behind.
    expect(readdirSync(dir).filter((f) => f.includes(AUDIT_HEAD_FILE))).toEqual([AUDIT_HEAD_FILE]);
    await anchor.close();
  });

  it('catches up at start-up after a crash between a commit and the file', async () => {
    const { dir, db } = fileDb();
    const first = AuditAnchor.open(db, silent);
    first.record(append(db, 1));
    await first.close();
    const later = append(db, 2); // committed, never recorded
    const reopened = AuditAnchor.open(db, silent);
    await reopened.flush();
    expect(reopened.isFrozen).toBe(false);
    expect(readHead(dir)).toEqual(later);
  });

  it('anchors an existing chain without a file, with a warning', async () => {
    const { dir, db } = fileDb();
    const head = append(db, 1);
    const { logger, lines } = recordingLogger();
    const anchor = AuditAnchor.open(db, logger);
    await anchor.flush();
    expect(readHead(dir)).toEqual(head);
    expect(lines.map((l) => l.msg).join('\n')).toMatch(/no stored audit head/);
  });

  it('keeps the file as evidence and stops updating it when the chain was cut or rewritten', async () => {
    const { dir, db } = fileDb();
    const first = AuditAnchor.open(db, silent);
    append(db, 1);
    append(db, 2);
    const third = append(db, 3);
    first.record(third);
    await first.close();

    db.prepare('DELETE FROM audit_log WHERE seq = 3').run();
    const { logger, lines } = recordingLogger();
    const reopened = AuditAnchor.open(db, logger);
    expect(reopened.isFrozen).toBe(true);
    expect(lines.some((l) => l.level >= 50 && /contradicts/.test(l.msg))).toBe(true);
    // New commits after the cut do not overwrite the evidence, even once they pass its seq.
    reopened.record(append(db, 3));
    reopened.record(append(db, 4));
    await reopened.flush();
    expect(readHead(dir)).toEqual(third);
    expect(verifyAuditChain(db, { anchor: storedAuditHead(db) })).toMatchObject({
      ok: false,
      problem: 'rewritten',
    });
  });

  it('notices entries removed under the running server', async () => {
    const { dir, db } = fileDb();
    const anchor = AuditAnchor.open(db, silent);
    append(db, 1);
    const second = append(db, 2);
    anchor.record(second);
    await anchor.flush();
    db.prepare('DELETE FROM audit_log WHERE seq = 2').run();
    anchor.record(append(db, 2)); // the same seq again, another hash
    expect(anchor.isFrozen).toBe(true);
    await anchor.flush();
    expect(readHead(dir)).toEqual(second);
  });

  it('does not move onto a chain rewritten under the running server', async () => {
    const { dir, db } = fileDb();
    const anchor = AuditAnchor.open(db, silent);
    const first = append(db, 1);
    anchor.record(first);
    await anchor.flush();
    db.prepare('UPDATE audit_log SET hash = ? WHERE seq = 1').run('f'.repeat(64));
    anchor.record(append(db, 2));
    await anchor.flush();
    expect(anchor.isFrozen).toBe(true);
    expect(readHead(dir)).toEqual(first);
  });

  it('treats an unreadable file as none, and is null for a database in memory', async () => {
    const { dir, db } = fileDb();
    writeFileSync(join(dir, AUDIT_HEAD_FILE), '{"seq": "many"}');
    expect(storedAuditHead(db)).toBeNull();
    const head = append(db, 1);
    const anchor = AuditAnchor.open(db, silent);
    await anchor.flush();
    expect(readHead(dir)).toEqual(head);
    expect(storedAuditHead(openMemoryDatabase())).toBeNull();
  });
});

describe('publishing the head to live documents', () => {
  const head = (seq: number): AuditHead => ({ seq, hash: seq.toString(16).padStart(64, '0') });

  it('publishes to the concerned meetings on every commit, to the other open ones at most once per interval', () => {
    vi.useFakeTimers();
    const writes: [string, number][] = [];
    let open = ['m-open', 'm1'];
    const b = new AuditHeadBroadcaster({
      publish: (m, h) => writes.push([m, h.seq]),
      openMeetings: () => open,
      onError: () => {},
      minIntervalMs: 1000,
    });
    const take = () => writes.splice(0).sort();
    b.committed(head(1), ['m1']);
    // The concerned meeting first, then the open ones (the writer skips a document already showing it).
    expect(writes).toEqual([
      ['m1', 1],
      ['m-open', 1],
      ['m1', 1],
    ]);
    writes.length = 0;
    for (let i = 2; i <= 50; i++) b.committed(head(i), [i % 2 ? 'm1' : 'm2']);
    // Every commit reaches the meeting it concerns; the other open meeting waits.
    expect(take()).toEqual(
      Array.from({ length: 49 }, (_, k) => [k % 2 ? 'm1' : 'm2', k + 2] as [string, number]).sort(),
    );
    open = ['m-open', 'm1', 'm3'];
    vi.advanceTimersByTime(1000);
    expect(take()).toEqual([
      ['m-open', 50],
      ['m1', 50],
      ['m3', 50],
    ]);
    // A quiet interval passes; the next commit goes out to everyone at once again.
    vi.advanceTimersByTime(1000);
    expect(writes).toEqual([]);
    b.committed(head(51), []);
    expect(take()).toEqual([
      ['m-open', 51],
      ['m1', 51],
      ['m3', 51],
    ]);
    b.close();
    b.committed(head(52), ['m1']);
    expect(writes).toEqual([]);
  });

  it('keeps publishing to the others when one write or the listing fails', () => {
    const writes: string[] = [];
    const errors: (string | null)[] = [];
    const b = new AuditHeadBroadcaster({
      publish: (m) => {
        if (m === 'bad') throw new Error('no');
        writes.push(m);
      },
      openMeetings: () => {
        throw new Error('db');
      },
      onError: (_err, m) => errors.push(m),
    });
    b.committed(head(1), ['bad', 'good']);
    expect(writes).toEqual(['good']);
    expect(errors.sort()).toEqual(['bad', null].sort());
    b.close();
  });
});

describe('the pipeline reports each commit’s head', () => {
  function setup() {
    const { db } = fileDb();
    const heads: [AuditHead, readonly string[]][] = [];
    const pipeline = new CommandPipeline(
      db,
      openCommandStores(db, Buffer.alloc(32, 7)),
      {
        meetingChanged: () => {},
        documentsChanged: () => {},
        accessChanged: () => {},
        auditCommitted: (head, meetingIds) => heads.push([head, meetingIds]),
      },
      silent,
    );
    return { db, pipeline, heads };
  }
  const input = (title: string) => ({
    meeting: { title, startsAt: '2026-12-10T08:00:00+07:00', place: 'Phòng họp số 1' },
  });

  it('after each executed command, with the meeting it concerns', () => {
    const { db, pipeline, heads } = setup();
    const meeting = pipeline.execute(createMeeting, SYSTEM, input('Một'));
    expect(heads).toEqual([[currentAuditHead(db), [meeting.id]]]);
    expect(heads[0]![0].seq).toBe(1);
  });

  it('once per group commit, with its last entry, not for a refused command', async () => {
    const { db, pipeline, heads } = setup();
    const a = pipeline.submit(createMeeting, SYSTEM, input('Một'));
    const refused = pipeline.submit(publishMeeting, SYSTEM, { meetingId: 'no-such-meeting' });
    const b = pipeline.submit(createMeeting, SYSTEM, input('Hai'));
    const [ma, mb] = await Promise.all([a, b]);
    await expect(refused).rejects.toThrow();
    expect(heads).toEqual([[currentAuditHead(db), [ma.id, mb.id]]]);
    expect(heads[0]![0].seq).toBe(2);
    await expect(pipeline.submit(publishMeeting, SYSTEM, { meetingId: 'nope' })).rejects.toThrow();
    expect(heads).toHaveLength(1);
  });
});
