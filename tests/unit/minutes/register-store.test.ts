import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { bodyAbbreviation, bodyLocality } from '#common/documents/issuing-body';
import {
  closeDatabase,
  openDatabase,
  openMemoryDatabase,
  type WritableDB,
} from '../../../sync-server/db/database';
import { migrate } from '../../../sync-server/db/migrate';
import { ROOM_MIGRATIONS } from '../../../sync-server/db/migrations/index';
import {
  assignRegisterNumber,
  listRegister,
  registerNumberOf,
} from '../../../sync-server/store/register-store';

const BODY = 'ỦY BAN NHÂN DÂN TỈNH THÁI NGUYÊN';

function addMeeting(db: WritableDB, id: string, body = BODY): string {
  db.prepare(
    `INSERT INTO meetings (id, title, body, type, starts_at, created_at, updated_at)
     VALUES (?, ?, ?, 'regular', '2027-01-05T01:00:00Z', '2027-01-01T00:00:00Z', '2027-01-01T00:00:00Z')`,
  ).run(id, `Họp ${id}`, body);
  return id;
}

function freshDb(): WritableDB {
  const db = openMemoryDatabase();
  migrate(db, ROOM_MIGRATIONS);
  return db;
}

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

describe('the outgoing-document register', () => {
  it('numbers from 01 with a leading zero, and the body’s symbol', () => {
    const db = freshDb();
    const a = assignRegisterNumber(db, {
      meetingId: addMeeting(db, 'm1'),
      kind: 'BB',
      year: 2027,
      classified: false,
    });
    const b = assignRegisterNumber(db, {
      meetingId: addMeeting(db, 'm2'),
      kind: 'TB',
      year: 2027,
      classified: false,
    });
    expect(a).toEqual({ number: 1, formatted: '01/BB-UBND' });
    // One series per year for every kind (Decree 30 art. 15): the notice takes the next number.
    expect(b).toEqual({ number: 2, formatted: '02/TB-UBND' });
    for (let i = 3; i <= 10; i++) {
      assignRegisterNumber(db, {
        meetingId: addMeeting(db, `m${i}`),
        kind: 'BB',
        year: 2027,
        classified: false,
      });
    }
    expect(registerNumberOf(db, 'm10', 'BB')?.formatted).toBe('10/BB-UBND');
    expect(registerNumberOf(db, 'm9', 'BB')?.formatted).toBe('09/BB-UBND');
  });

  it('is idempotent per meeting and kind: a second call returns the same number', () => {
    const db = freshDb();
    const meetingId = addMeeting(db, 'm1');
    const first = assignRegisterNumber(db, { meetingId, kind: 'BB', year: 2027, classified: false });
    const again = assignRegisterNumber(db, { meetingId, kind: 'BB', year: 2027, classified: false });
    expect(again).toEqual(first);
    const notice = assignRegisterNumber(db, { meetingId, kind: 'TB', year: 2027, classified: false });
    expect(notice.number).toBe(2);
    expect(listRegister(db, 2027, false)).toHaveLength(2);
  });

  it('restarts at 01 on 1 January, and keeps classified documents in their own series', () => {
    const db = freshDb();
    const n = (id: string, year: number, classified: boolean) =>
      assignRegisterNumber(db, { meetingId: addMeeting(db, id), kind: 'BB', year, classified }).number;
    expect(n('a', 2026, false)).toBe(1);
    expect(n('b', 2026, false)).toBe(2);
    expect(n('c', 2026, true)).toBe(1);
    expect(n('d', 2027, false)).toBe(1);
    expect(n('e', 2027, true)).toBe(1);
    expect(n('f', 2026, true)).toBe(2);
    expect(n('g', 2027, false)).toBe(2);
    expect(listRegister(db, 2026, true).map((e) => e.meetingId)).toEqual(['c', 'f']);
  });

  it('keeps a deleted meeting’s number: the register is a permanent book', () => {
    const db = freshDb();
    assignRegisterNumber(db, {
      meetingId: addMeeting(db, 'gone'),
      kind: 'BB',
      year: 2027,
      classified: false,
    });
    db.prepare("DELETE FROM meetings WHERE id = 'gone'").run();
    const next = assignRegisterNumber(db, {
      meetingId: addMeeting(db, 'next'),
      kind: 'BB',
      year: 2027,
      classified: false,
    });
    expect(next.number).toBe(2);
  });

  it('never gives two writers on one database file the same number', () => {
    const dir = mkdtempSync(join(tmpdir(), 'register-'));
    dirs.push(dir);
    const a = openDatabase(dir);
    migrate(a, ROOM_MIGRATIONS);
    const b = openDatabase(dir);
    try {
      for (let i = 0; i < 40; i++) addMeeting(a, `m${i}`);
      // Interleaved: each connection reads MAX inside its own IMMEDIATE transaction.
      const got: number[] = [];
      for (let i = 0; i < 40; i++) {
        const db = i % 2 === 0 ? a : b;
        got.push(
          assignRegisterNumber(db, { meetingId: `m${i}`, kind: 'BB', year: 2027, classified: false }).number,
        );
      }
      expect(got).toEqual(Array.from({ length: 40 }, (_x, i) => i + 1));
      // A transaction held open on one connection makes the other wait, not duplicate.
      a.exec('BEGIN IMMEDIATE');
      const inA = assignRegisterNumber(a, { meetingId: 'm0', kind: 'TB', year: 2027, classified: false });
      b.pragma('busy_timeout = 50');
      expect(() =>
        assignRegisterNumber(b, { meetingId: 'm1', kind: 'TB', year: 2027, classified: false }),
      ).toThrow(/busy|locked/i);
      a.exec('COMMIT');
      const inB = assignRegisterNumber(b, { meetingId: 'm1', kind: 'TB', year: 2027, classified: false });
      expect([inA.number, inB.number]).toEqual([41, 42]);
    } finally {
      closeDatabase(b);
      closeDatabase(a);
    }
  });
});

describe('issuing body', () => {
  it('derives the symbol and the locality from the body’s name', () => {
    expect(bodyAbbreviation(BODY)).toBe('UBND');
    expect(bodyAbbreviation('HỘI ĐỒNG NHÂN DÂN TỈNH THÁI NGUYÊN')).toBe('HĐND');
    expect(bodyAbbreviation('Ủy ban nhân dân thành phố Hà Nội')).toBe('UBND');
    expect(bodyLocality(BODY)).toBe('Thái Nguyên');
    expect(bodyLocality('ỦY BAN NHÂN DÂN THÀNH PHỐ HỒ CHÍ MINH')).toBe('Hồ Chí Minh');
    expect(bodyLocality('SỞ TÀI CHÍNH')).toBe('');
  });
});
