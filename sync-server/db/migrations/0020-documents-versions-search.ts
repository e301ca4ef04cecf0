import type { Migration } from '../migrate';

/**
 * Document versions, original names and encryption flag; meeting lead time and publication
 * tracking; page texts with a full-text index for search. Additive only: older columns stay.
 */
export const migration0020: Migration = {
  version: 20,
  name: '0020-documents-versions-search',
  up(db) {
    db.exec(`
      ALTER TABLE meetings ADD COLUMN lead_time_working_days INTEGER NOT NULL DEFAULT 3;
      ALTER TABLE meetings ADD COLUMN published_at TEXT;
      ALTER TABLE meetings ADD COLUMN published_revision INTEGER NOT NULL DEFAULT 0;

      ALTER TABLE documents ADD COLUMN version INTEGER NOT NULL DEFAULT 1;
      ALTER TABLE documents ADD COLUMN updated_at TEXT;
      ALTER TABLE documents ADD COLUMN original_name TEXT NOT NULL DEFAULT '';
      ALTER TABLE documents ADD COLUMN encrypted INTEGER NOT NULL DEFAULT 0;
      UPDATE documents SET updated_at = created_at WHERE updated_at IS NULL;

      CREATE TABLE document_versions (
        document_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
        version INTEGER NOT NULL,
        sha256 TEXT NOT NULL,
        byte_size INTEGER NOT NULL,
        page_count INTEGER NOT NULL,
        original_name TEXT NOT NULL DEFAULT '',
        created_at TEXT NOT NULL,
        created_by TEXT,
        PRIMARY KEY (document_id, version)
      ) STRICT;
      CREATE INDEX document_versions_by_sha ON document_versions(sha256);
      INSERT INTO document_versions (document_id, version, sha256, byte_size, page_count, original_name, created_at)
        SELECT id, 1, sha256, byte_size, page_count, original_name, created_at FROM documents;

      -- The text of every page of every version; search looks only at current versions.
      CREATE TABLE document_pages (
        id INTEGER PRIMARY KEY,
        document_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
        version INTEGER NOT NULL,
        page INTEGER NOT NULL,
        text TEXT NOT NULL,
        UNIQUE (document_id, version, page)
      ) STRICT;

      -- Contentless index over the diacritic-folded text (đ→d, ê→e, …) of document_pages,
      -- rowid = document_pages.id. Snippets are cut from the original text.
      CREATE VIRTUAL TABLE document_pages_fts USING fts5(folded, content='', contentless_delete=1, tokenize='unicode61');
    `);
  },
};
