import { describe, expect, it } from 'vitest';
import { openMemoryDatabase } from '../../../sync-server/db/database';
import {
  DBVersionFromFutureError,
  type Migration,
  migrate,
  schemaVersion,
} from '../../../sync-server/db/migrate';
import { ROOM_MIGRATIONS, ROOM_SCHEMA_VERSION } from '../../../sync-server/db/migrations/index';

describe('migration runner', () => {
  it('applies migrations in order and records user_version', () => {
    const db = openMemoryDatabase();
    const seen: number[] = [];
    const steps: Migration[] = [
      { version: 10, name: 'a', up: () => seen.push(10) },
      { version: 20, name: 'b', up: () => seen.push(20) },
    ];
    expect(migrate(db, steps, 10)).toBe(10);
    expect(migrate(db, steps)).toBe(20);
    expect(seen).toEqual([10, 20]);
    expect(migrate(db, steps)).toBe(20);
    expect(seen).toEqual([10, 20]);
  });

  it('refuses a database from a newer build', () => {
    const db = openMemoryDatabase();
    db.pragma('user_version = 990');
    expect(() => migrate(db, ROOM_MIGRATIONS)).toThrow(DBVersionFromFutureError);
  });

  it('refuses an out-of-order list', () => {
    const db = openMemoryDatabase();
    const steps: Migration[] = [
      { version: 20, name: 'b', up: () => {} },
      { version: 10, name: 'a', up: () => {} },
    ];
    expect(() => migrate(db, steps)).toThrow(/not after/);
  });

  it('leaves the file untouched when a migration fails', () => {
    const db = openMemoryDatabase();
    const steps: Migration[] = [
      { version: 10, name: 'a', up: (d) => d.exec('CREATE TABLE t (x INTEGER)') },
      {
        version: 20,
        name: 'b',
        up: () => {
          throw new Error('boom');
        },
      },
    ];
    expect(() => migrate(db, steps)).toThrow('boom');
    expect(schemaVersion(db)).toBe(0);
    expect(db.prepare("SELECT count(*) AS n FROM sqlite_master WHERE name = 't'").get()).toEqual({ n: 0 });
  });
});

describe('migration 0010-initial', () => {
  const db = openMemoryDatabase();
  migrate(db, ROOM_MIGRATIONS, 10);

  it('stops at version 10 when asked', () => {
    expect(schemaVersion(db)).toBe(10);
  });

  it('creates strict tables', () => {
    const tables = db
      .prepare("SELECT name, sql FROM sqlite_master WHERE type = 'table' ORDER BY name")
      .all() as {
      name: string;
      sql: string;
    }[];
    expect(tables.map((t) => t.name)).toEqual([
      'agenda_items',
      'audit_log',
      'device_sessions',
      'document_grants',
      'documents',
      'join_codes',
      'meetings',
      'participants',
      'yjs_updates',
    ]);
    for (const t of tables) expect(t.sql, t.name).toMatch(/STRICT$/);
  });

  it('rejects a role the domain does not know', () => {
    expect(() =>
      db
        .prepare(
          "INSERT INTO participants (id, meeting_id, name, role, created_at) VALUES ('p1', NULL, 'x', 'king', 'now')",
        )
        .run(),
    ).toThrow(/CHECK/);
  });

  it("loads a document's updates through the index", () => {
    const plan = db
      .prepare('EXPLAIN QUERY PLAN SELECT id, data FROM yjs_updates WHERE doc_name = ? ORDER BY id')
      .all('x') as { detail: string }[];
    expect(plan.map((p) => p.detail).join(' ')).toContain('yjs_updates_by_doc');
  });
});

describe('migration 0020-documents-versions-search', () => {
  it('keeps existing documents as version 1 and adds the search tables', () => {
    const db = openMemoryDatabase();
    migrate(db, ROOM_MIGRATIONS, 10);
    db.exec(`
      INSERT INTO meetings (id, title, type, starts_at, created_at, updated_at)
        VALUES ('m1', 'Họp', 'regular', '2026-12-01T01:00:00.000Z', 'now', 'now');
      INSERT INTO documents (id, meeting_id, title, kind, classification, sha256, byte_size, page_count, created_at)
        VALUES ('d1', 'm1', 'Tờ trình', 'to_trinh', 'thuong', '${'a'.repeat(64)}', 10, 2, '2026-11-01T00:00:00.000Z');
    `);
    expect(migrate(db, ROOM_MIGRATIONS, 20)).toBe(20);
    expect(db.prepare('SELECT version, updated_at FROM documents').get()).toEqual({
      version: 1,
      updated_at: '2026-11-01T00:00:00.000Z',
    });
    expect(db.prepare('SELECT document_id, version, sha256 FROM document_versions').all()).toEqual([
      { document_id: 'd1', version: 1, sha256: 'a'.repeat(64) },
    ]);
    expect(db.prepare('SELECT lead_time_working_days, published_revision FROM meetings').get()).toEqual({
      lead_time_working_days: 3,
      published_revision: 0,
    });
    db.prepare(
      "INSERT INTO document_pages (id, document_id, version, page, text) VALUES (1, 'd1', 1, 1, 'Biên bản')",
    ).run();
    db.prepare("INSERT INTO document_pages_fts (rowid, folded) VALUES (1, 'bien ban')").run();
    expect(
      db.prepare("SELECT rowid FROM document_pages_fts WHERE document_pages_fts MATCH 'bien'").all(),
    ).toEqual([{ rowid: 1 }]);
  });
});

describe('migration 0030-meeting-end-and-zone', () => {
  it('gives stored meetings Vietnam’s zone and an end at the close of their day there', () => {
    const db = openMemoryDatabase();
    migrate(db, ROOM_MIGRATIONS, 20);
    db.exec(`
      INSERT INTO meetings (id, title, type, starts_at, created_at, updated_at)
        VALUES ('m1', 'Họp', 'regular', '2026-12-01T01:00:00.000Z', 'now', 'now'),
               ('m2', 'Họp tối', 'regular', '2026-12-01T20:00:00.000Z', 'now', 'now');
    `);
    expect(migrate(db, ROOM_MIGRATIONS, 30)).toBe(30);
    expect(db.prepare('SELECT id, ends_at, time_zone FROM meetings ORDER BY id').all()).toEqual([
      { id: 'm1', ends_at: '2026-12-01T23:59:59+07:00', time_zone: 'Asia/Ho_Chi_Minh' },
      // 20:00 UTC on the 1st is 03:00 on the 2nd in Vietnam: the meeting's day is the 2nd.
      { id: 'm2', ends_at: '2026-12-02T23:59:59+07:00', time_zone: 'Asia/Ho_Chi_Minh' },
    ]);
  });
});

describe('migration 0040-participant-protocol-order', () => {
  it('is a schema version of the list (later migrations follow it)', () => {
    expect(ROOM_MIGRATIONS.map((m) => m.version)).toContain(40);
    expect(ROOM_SCHEMA_VERSION).toBeGreaterThanOrEqual(40);
  });

  it('numbers each meeting’s stored participants in the order they were added', () => {
    const db = openMemoryDatabase();
    migrate(db, ROOM_MIGRATIONS, 30);
    db.exec(`
      INSERT INTO meetings (id, title, type, starts_at, created_at, updated_at)
        VALUES ('m1', 'Họp', 'regular', '2026-12-01T01:00:00.000Z', 'now', 'now'),
               ('m2', 'Họp 2', 'regular', '2026-12-01T01:00:00.000Z', 'now', 'now');
      INSERT INTO participants (id, meeting_id, name, role, created_at) VALUES
        ('p-b', 'm1', 'Trần Bình', 'delegate', '2026-11-01T00:00:02.000Z'),
        ('p-a', 'm1', 'Nguyễn An', 'chair', '2026-11-01T00:00:01.000Z'),
        ('p-c', 'm1', 'Lê Cường', 'delegate', '2026-11-01T00:00:02.000Z'),
        ('q-a', 'm2', 'Phạm Dung', 'delegate', '2026-11-01T00:00:05.000Z'),
        ('staff', NULL, 'Văn thư', 'secretariat', '2026-11-01T00:00:00.000Z');
    `);
    expect(migrate(db, ROOM_MIGRATIONS, 40)).toBe(40);
    expect(
      db.prepare('SELECT id, protocol_order FROM participants ORDER BY meeting_id, protocol_order').all(),
    ).toEqual([
      { id: 'staff', protocol_order: 1 },
      { id: 'p-a', protocol_order: 1 },
      // Same time: the one inserted first comes first.
      { id: 'p-b', protocol_order: 2 },
      { id: 'p-c', protocol_order: 3 },
      { id: 'q-a', protocol_order: 1 },
    ]);
    const plan = db
      .prepare(
        "EXPLAIN QUERY PLAN SELECT * FROM participants WHERE meeting_id = 'm1' ORDER BY protocol_order",
      )
      .all() as { detail: string }[];
    expect(plan.map((row) => row.detail).join('\n')).toContain('participants_by_meeting_order');
  });
});
