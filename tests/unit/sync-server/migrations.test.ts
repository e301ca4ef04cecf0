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

  it('is the current schema version', () => {
    expect(schemaVersion(db)).toBe(10);
    expect(ROOM_SCHEMA_VERSION).toBe(10);
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
