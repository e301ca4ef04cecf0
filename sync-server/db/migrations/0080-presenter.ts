import type { Migration } from '../migrate';

/**
 * Follow the presenter: per meeting, the named presenter and what is being shared (document,
 * version, page, zoom, rotation). One row per meeting, made on first use. Kept in the database,
 * not in memory, so it changes in the command's transaction with its audit entry and the
 * projector finds the same page after a restart. A removed participant or document clears what
 * named it.
 */
export const migration0080: Migration = {
  version: 80,
  name: '0080-presenter',
  up(db) {
    db.exec(`
      CREATE TABLE meeting_presenters (
        meeting_id TEXT NOT NULL PRIMARY KEY REFERENCES meetings(id) ON DELETE CASCADE,
        presenter_id TEXT REFERENCES participants(id) ON DELETE SET NULL,
        shared_by TEXT REFERENCES participants(id) ON DELETE SET NULL,
        document_id TEXT REFERENCES documents(id) ON DELETE SET NULL,
        version INTEGER CHECK (version >= 1),
        page INTEGER CHECK (page >= 1),
        zoom TEXT,
        rotation INTEGER NOT NULL DEFAULT 0 CHECK (rotation IN (0, 90, 180, 270)),
        shared_at TEXT,
        updated_at TEXT NOT NULL
      ) STRICT;
    `);
  },
};
