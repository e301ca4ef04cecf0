import type { Migration } from '../migrate';

/**
 * Minutes (biên bản): per meeting its state (draft → final → published), the final text frozen
 * by the chair as canonical JSON with its SHA-256 and register number, and the addenda added
 * after it (corrections are never edits of the final text). The draft itself is the Yjs
 * document `meeting/<m>/minutes` in `yjs_updates`; a meeting with no row here has a draft only.
 */
export const migration0090: Migration = {
  version: 90,
  name: '0090-minutes',
  up(db) {
    db.exec(`
      CREATE TABLE minutes (
        meeting_id TEXT NOT NULL PRIMARY KEY REFERENCES meetings(id) ON DELETE CASCADE,
        state TEXT NOT NULL CHECK (state IN ('draft', 'final', 'published')),
        final_json TEXT,
        sha256 TEXT CHECK (sha256 IS NULL OR length(sha256) = 64),
        register_number TEXT,
        finalised_at TEXT,
        finalised_by TEXT REFERENCES participants(id) ON DELETE SET NULL,
        published_at TEXT,
        published_by TEXT REFERENCES participants(id) ON DELETE SET NULL,
        CHECK (state = 'draft' OR (final_json IS NOT NULL AND sha256 IS NOT NULL AND finalised_at IS NOT NULL)),
        CHECK (state <> 'published' OR published_at IS NOT NULL)
      ) STRICT;
      CREATE TABLE minutes_addenda (
        id TEXT NOT NULL PRIMARY KEY,
        meeting_id TEXT NOT NULL REFERENCES meetings(id) ON DELETE CASCADE,
        seq INTEGER NOT NULL CHECK (seq >= 1),
        at TEXT NOT NULL,
        by_participant_id TEXT REFERENCES participants(id) ON DELETE SET NULL,
        by_name TEXT NOT NULL,
        text TEXT NOT NULL,
        UNIQUE (meeting_id, seq)
      ) STRICT;
    `);
  },
};
