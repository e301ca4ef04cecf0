import { describe, expect, it } from 'vitest';
import { openMemoryDatabase } from '../../../sync-server/db/database';
import { migrate } from '../../../sync-server/db/migrate';
import { ROOM_MIGRATIONS } from '../../../sync-server/db/migrations/index';

describe('migration 0070-read-receipts', () => {
  it('adds read receipts keyed by document, participant and version, gone with either', () => {
    const db = openMemoryDatabase();
    migrate(db, ROOM_MIGRATIONS, 60);
    db.exec(`
      INSERT INTO meetings (id, title, type, starts_at, created_at, updated_at)
        VALUES ('m1', 'Họp', 'regular', '2026-12-01T01:00:00.000Z', 'now', 'now');
      INSERT INTO participants (id, meeting_id, name, role, created_at) VALUES
        ('p-a', 'm1', 'Nguyễn An', 'delegate', 'now'),
        ('p-b', 'm1', 'Trần Bình', 'delegate', 'now');
      INSERT INTO documents (id, meeting_id, title, kind, classification, sha256, byte_size, page_count, created_at)
        VALUES ('d1', 'm1', 'Tờ trình', 'to_trinh', 'thuong', 'ab', 1, 1, 'now'),
               ('d2', 'm1', 'Báo cáo', 'bao_cao', 'thuong', 'cd', 1, 1, 'now');
    `);
    expect(migrate(db, ROOM_MIGRATIONS, 70)).toBe(70);
    const insert = db.prepare(
      `INSERT INTO read_receipts (document_id, participant_id, version, first_opened_at, last_opened_at, open_count)
       VALUES (?, ?, ?, 't', 't', ?)`,
    );
    insert.run('d1', 'p-a', 1, 1);
    insert.run('d1', 'p-a', 2, 3);
    insert.run('d1', 'p-b', 1, 1);
    insert.run('d2', 'p-a', 1, 1);
    expect(() => insert.run('d1', 'p-a', 1, 1)).toThrow(/UNIQUE|PRIMARY/);
    expect(() => insert.run('d1', 'p-b', 2, 0)).toThrow(/CHECK/);
    expect(() => insert.run('no-such-document', 'p-a', 1, 1)).toThrow(/FOREIGN KEY/);
    db.exec("DELETE FROM documents WHERE id = 'd2'; DELETE FROM participants WHERE id = 'p-b'");
    expect(
      db.prepare('SELECT document_id, participant_id, version FROM read_receipts ORDER BY version').all(),
    ).toEqual([
      { document_id: 'd1', participant_id: 'p-a', version: 1 },
      { document_id: 'd1', participant_id: 'p-a', version: 2 },
    ]);
    const plan = db
      .prepare("EXPLAIN QUERY PLAN SELECT * FROM read_receipts WHERE document_id = 'd1'")
      .all() as { detail: string }[];
    expect(plan.map((row) => row.detail).join('\n')).toContain('sqlite_autoindex_read_receipts_1');
  });
});
