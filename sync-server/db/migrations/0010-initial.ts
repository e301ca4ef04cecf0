import type { Migration } from '../migrate';

/** Meetings, agenda, participants, joining, documents and grants, audit log, Yjs update log. */
export const migration0010: Migration = {
  version: 10,
  name: '0010-initial',
  up(db) {
    db.exec(`
      CREATE TABLE meetings (
        id TEXT PRIMARY KEY,
        title TEXT NOT NULL,
        body TEXT NOT NULL DEFAULT '',
        type TEXT NOT NULL,
        starts_at TEXT NOT NULL,
        place TEXT NOT NULL DEFAULT '',
        status TEXT NOT NULL DEFAULT 'draft'
          CHECK (status IN ('draft', 'published', 'in_session', 'ended')),
        demo_key TEXT UNIQUE,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL
      ) STRICT;

      CREATE TABLE agenda_items (
        id TEXT PRIMARY KEY,
        meeting_id TEXT NOT NULL REFERENCES meetings(id) ON DELETE CASCADE,
        parent_id TEXT REFERENCES agenda_items(id) ON DELETE CASCADE,
        position INTEGER NOT NULL,
        title TEXT NOT NULL,
        presenter TEXT NOT NULL DEFAULT '',
        duration_minutes INTEGER NOT NULL DEFAULT 0,
        description TEXT NOT NULL DEFAULT ''
      ) STRICT;
      CREATE INDEX agenda_items_by_meeting ON agenda_items(meeting_id, parent_id, position);

      CREATE TABLE participants (
        id TEXT PRIMARY KEY,
        meeting_id TEXT REFERENCES meetings(id) ON DELETE CASCADE,
        name TEXT NOT NULL,
        position TEXT NOT NULL DEFAULT '',
        unit TEXT NOT NULL DEFAULT '',
        role TEXT NOT NULL
          CHECK (role IN ('secretariat', 'chair', 'secretary', 'delegate', 'observer', 'archivist')),
        group_name TEXT NOT NULL DEFAULT '',
        created_at TEXT NOT NULL
      ) STRICT;
      CREATE INDEX participants_by_meeting ON participants(meeting_id);

      CREATE TABLE join_codes (
        id TEXT PRIMARY KEY,
        participant_id TEXT NOT NULL REFERENCES participants(id) ON DELETE CASCADE,
        code_hash TEXT NOT NULL UNIQUE,
        expires_at TEXT NOT NULL,
        created_at TEXT NOT NULL,
        used_at TEXT
      ) STRICT;

      CREATE TABLE device_sessions (
        id TEXT PRIMARY KEY,
        participant_id TEXT NOT NULL REFERENCES participants(id) ON DELETE CASCADE,
        token_hash TEXT NOT NULL UNIQUE,
        device_label TEXT NOT NULL DEFAULT '',
        created_at TEXT NOT NULL,
        last_seen_at TEXT NOT NULL,
        revoked_at TEXT
      ) STRICT;
      CREATE INDEX device_sessions_by_participant ON device_sessions(participant_id);

      CREATE TABLE documents (
        id TEXT PRIMARY KEY,
        meeting_id TEXT NOT NULL REFERENCES meetings(id) ON DELETE CASCADE,
        agenda_item_id TEXT REFERENCES agenda_items(id) ON DELETE SET NULL,
        title TEXT NOT NULL,
        kind TEXT NOT NULL,
        classification TEXT NOT NULL CHECK (classification IN ('thuong', 'mat')),
        no_export INTEGER NOT NULL DEFAULT 0,
        position INTEGER NOT NULL DEFAULT 0,
        sha256 TEXT NOT NULL,
        byte_size INTEGER NOT NULL,
        page_count INTEGER NOT NULL,
        created_at TEXT NOT NULL
      ) STRICT;
      CREATE INDEX documents_by_meeting ON documents(meeting_id, agenda_item_id, position);

      CREATE TABLE document_grants (
        document_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
        participant_id TEXT REFERENCES participants(id) ON DELETE CASCADE,
        group_name TEXT,
        CHECK ((participant_id IS NULL) <> (group_name IS NULL))
      ) STRICT;
      CREATE UNIQUE INDEX document_grants_unique
        ON document_grants(document_id, coalesce(participant_id, ''), coalesce(group_name, ''));

      CREATE TABLE audit_log (
        seq INTEGER PRIMARY KEY,
        at TEXT NOT NULL,
        actor_id TEXT,
        action TEXT NOT NULL,
        meeting_id TEXT,
        payload TEXT NOT NULL,
        prev_hash TEXT NOT NULL,
        hash TEXT NOT NULL
      ) STRICT;

      CREATE TABLE yjs_updates (
        id INTEGER PRIMARY KEY,
        doc_name TEXT NOT NULL,
        data BLOB NOT NULL,
        created_at INTEGER NOT NULL
      ) STRICT;
      CREATE INDEX yjs_updates_by_doc ON yjs_updates(doc_name, id);
    `);
  },
};
