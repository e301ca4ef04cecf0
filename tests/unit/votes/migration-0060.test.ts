import { describe, expect, it } from 'vitest';
import { openMemoryDatabase } from '../../../sync-server/db/database';
import { migrate } from '../../../sync-server/db/migrate';
import { ROOM_MIGRATIONS } from '../../../sync-server/db/migrations/index';

function fresh() {
  const db = openMemoryDatabase();
  migrate(db, ROOM_MIGRATIONS);
  db.prepare(
    `INSERT INTO meetings (id, title, type, starts_at, status, created_at, updated_at)
     VALUES ('meeting-1', 'Kỳ họp', 'council_session', '2026-12-01T08:00:00.000Z', 'draft', '2026-12-01T00:00:00.000Z', '2026-12-01T00:00:00.000Z')`,
  ).run();
  const vote = (id: string, status: string) =>
    db
      .prepare(
        `INSERT INTO votes (id, meeting_id, agenda_item_id, title, secrecy, options_json, rule_json, allow_change, status, created_at)
         VALUES (?, 'meeting-1', 'item-1', 'Biểu quyết', 'secret', '[]', '{}', 0, ?, '2026-12-01T00:00:00.000Z')`,
      )
      .run(id, status);
  return { db, vote };
}

describe('migration 0060-votes', () => {
  it('lets the database refuse a second ballot for a seat', () => {
    const { db, vote } = fresh();
    vote('vote-1', 'open');
    const voter = db.prepare(
      "INSERT INTO vote_voters (vote_id, member_id, holder_id, idempotency_key) VALUES ('vote-1', 'member-1', 'member-1', ?)",
    );
    voter.run('key-1');
    expect(() => voter.run('key-2')).toThrow(/UNIQUE constraint failed/);
  });

  it('allows one open vote per meeting', () => {
    const { vote } = fresh();
    vote('vote-1', 'open');
    vote('vote-2', 'closed');
    expect(() => vote('vote-3', 'open')).toThrow(/UNIQUE constraint failed/);
  });

  it('keeps secret ballots without rowid, voter or time', () => {
    const { db } = fresh();
    const sql = (
      db.prepare("SELECT sql FROM sqlite_schema WHERE name = 'vote_secret_ballots'").get() as { sql: string }
    ).sql;
    expect(sql).toMatch(/WITHOUT ROWID/);
    const columns = (db.prepare('PRAGMA table_info(vote_secret_ballots)').all() as { name: string }[]).map(
      (c) => c.name,
    );
    expect(columns).toEqual(['token', 'vote_id', 'option_id']);
  });
});
