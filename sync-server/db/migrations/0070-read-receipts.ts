import type { Migration } from '../migrate';

/**
 * Read receipts: who opened which version of a document, first and last, and how often. One
 * row per participant, document and version; a repeated open updates it. Rows go with the
 * document or the participant (a receipt names nobody who is no longer in the meeting).
 */
export const migration0070: Migration = {
  version: 70,
  name: '0070-read-receipts',
  up(db) {
    db.exec(`
      CREATE TABLE read_receipts (
        document_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
        participant_id TEXT NOT NULL REFERENCES participants(id) ON DELETE CASCADE,
        version INTEGER NOT NULL CHECK (version >= 1),
        first_opened_at TEXT NOT NULL,
        last_opened_at TEXT NOT NULL,
        open_count INTEGER NOT NULL CHECK (open_count >= 1),
        PRIMARY KEY (document_id, participant_id, version)
      ) STRICT;
    `);
  },
};
