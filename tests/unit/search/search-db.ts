import { openMemoryDatabase, type WritableDB } from '../../../sync-server/db/database';
import { migrate } from '../../../sync-server/db/migrate';
import { ROOM_MIGRATIONS } from '../../../sync-server/db/migrations/index';

/** A fresh in-memory room database with the real schema. */
export function roomDb(): WritableDB {
  const db = openMemoryDatabase();
  migrate(db, ROOM_MIGRATIONS);
  return db;
}

const NOW = '2026-11-20T08:00:00.000Z';

/** Inserts a meeting row. */
export function addMeeting(db: WritableDB, id: string): void {
  db.prepare(
    `INSERT INTO meetings (id, title, type, starts_at, created_at, updated_at) VALUES (?, ?, 'regular', ?, ?, ?)`,
  ).run(id, `Meeting ${id}`, NOW, NOW, NOW);
}

/** Inserts a document row at `version` (its current version). */
export function addDocument(db: WritableDB, meetingId: string, id: string, version = 1, position = 0): void {
  db.prepare(
    `INSERT INTO documents (id, meeting_id, title, kind, classification, position, sha256, byte_size, page_count,
                            created_at, version, updated_at)
     VALUES (?, ?, ?, 'other', 'thuong', ?, ?, 1, 1, ?, ?, ?)`,
  ).run(id, meetingId, `Document ${id}`, position, '0'.repeat(64), NOW, version, NOW);
}

/** Makes `version` the document's current version. */
export function setCurrentVersion(db: WritableDB, id: string, version: number): void {
  db.prepare('UPDATE documents SET version = ? WHERE id = ?').run(version, id);
}
