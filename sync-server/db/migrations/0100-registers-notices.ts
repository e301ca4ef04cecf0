import type { Migration } from '../migrate';

/**
 * The outgoing-document register (sổ đăng ký văn bản đi) and the conclusion notices.
 *
 * Decree 30/2020 art. 15 and 25: an agency's numbers run from 01 on 1 January to 31 December,
 * one series for every kind of document ("số và ký hiệu … là duy nhất trong một năm"), and
 * classified documents are numbered in a series of their own. So the key is (year,
 * classified, number) and the kind (BB, TB) is part of the entry, not of the series. Entries
 * name their meeting without a foreign key: a register is a permanent book, and deleting a
 * meeting must neither remove its numbers nor let a later document reuse them.
 */
export const migration0100: Migration = {
  version: 100,
  name: '0100-registers-notices',
  up(db) {
    db.exec(`
      CREATE TABLE register_entries (
        year INTEGER NOT NULL CHECK (year BETWEEN 2000 AND 2999),
        classified INTEGER NOT NULL CHECK (classified IN (0, 1)),
        number INTEGER NOT NULL CHECK (number >= 1),
        kind TEXT NOT NULL CHECK (kind IN ('BB', 'TB')),
        meeting_id TEXT NOT NULL,
        formatted TEXT NOT NULL,
        assigned_at TEXT NOT NULL,
        PRIMARY KEY (year, classified, number),
        UNIQUE (meeting_id, kind)
      ) STRICT;

      CREATE TABLE conclusion_notices (
        meeting_id TEXT NOT NULL PRIMARY KEY REFERENCES meetings(id) ON DELETE CASCADE,
        state TEXT NOT NULL CHECK (state IN ('draft', 'issued')),
        -- JSON: { blocks: MinutesBlock[] } taken from the minutes' conclusions, then edited.
        content_json TEXT NOT NULL,
        -- JSON: string[], the "Nơi nhận" list without "Lưu: VT, …" (added when drawn).
        recipients_json TEXT NOT NULL,
        signer_title TEXT NOT NULL DEFAULT '',
        signer_name TEXT NOT NULL DEFAULT '',
        drafted_by TEXT,
        drafted_at TEXT NOT NULL,
        issued_by TEXT,
        issued_at TEXT,
        register_number TEXT,
        CHECK ((state = 'issued') = (issued_at IS NOT NULL AND register_number IS NOT NULL))
      ) STRICT;
    `);
  },
};
