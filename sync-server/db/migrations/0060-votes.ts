import type { Migration } from '../migrate';

/**
 * Votes and ballots. One ballot per eligible seat is the database's rule, not the code's:
 * `vote_voters` is keyed by (vote, member), and a ballot row is written in the same
 * transaction as its voter row.
 *
 * A secret vote splits "who voted" from "what was voted": `vote_voters` says who took part and
 * `vote_secret_ballots` holds only (token, vote, choice) — no voter, no timestamp, and no
 * insertion order (`WITHOUT ROWID`, keyed by the voter's random token). After the vote closes
 * the server checkpoints the WAL and vacuums, so no page keeps the order ballots arrived in.
 *
 * `vote_requests` remembers every idempotency key a ballot was sent with and the outcome it was
 * answered with, so a retry answers the same. A secret ballot's outcome names the seat, never
 * the choice or the token.
 */
export const migration0060: Migration = {
  version: 60,
  name: '0060-votes',
  up(db) {
    db.exec(`
      CREATE TABLE votes (
        id TEXT PRIMARY KEY,
        meeting_id TEXT NOT NULL REFERENCES meetings(id) ON DELETE CASCADE,
        agenda_item_id TEXT NOT NULL,
        title TEXT NOT NULL,
        secrecy TEXT NOT NULL CHECK (secrecy IN ('open', 'named', 'secret')),
        options_json TEXT NOT NULL,
        rule_json TEXT NOT NULL,
        allow_change INTEGER NOT NULL CHECK (allow_change IN (0, 1)),
        duration_seconds INTEGER,
        status TEXT NOT NULL CHECK (status IN ('draft', 'open', 'closed', 'cancelled')),
        rerun_of TEXT REFERENCES votes(id),
        created_at TEXT NOT NULL,
        opened_at TEXT,
        closes_at TEXT,
        closed_at TEXT,
        -- Frozen at opening: the seats that may vote [{memberId, holderId}], and the attendance
        -- facts and rule in force ({members, present, quorum}).
        eligible_json TEXT,
        eligible_count INTEGER,
        facts_json TEXT,
        voted INTEGER NOT NULL DEFAULT 0,
        result_json TEXT,
        record_json TEXT
      ) STRICT;
      CREATE INDEX votes_by_meeting ON votes(meeting_id, created_at);
      -- At most one open vote per meeting, whatever races the commands lose.
      CREATE UNIQUE INDEX votes_one_open ON votes(meeting_id) WHERE status = 'open';

      CREATE TABLE vote_voters (
        vote_id TEXT NOT NULL REFERENCES votes(id) ON DELETE CASCADE,
        member_id TEXT NOT NULL,
        holder_id TEXT NOT NULL,
        idempotency_key TEXT NOT NULL,
        PRIMARY KEY (vote_id, member_id)
      ) STRICT, WITHOUT ROWID;

      CREATE TABLE vote_requests (
        vote_id TEXT NOT NULL REFERENCES votes(id) ON DELETE CASCADE,
        idempotency_key TEXT NOT NULL,
        holder_id TEXT NOT NULL,
        outcome_json TEXT NOT NULL,
        PRIMARY KEY (vote_id, idempotency_key)
      ) STRICT, WITHOUT ROWID;

      CREATE TABLE vote_open_ballots (
        vote_id TEXT NOT NULL,
        member_id TEXT NOT NULL,
        option_id TEXT NOT NULL,
        PRIMARY KEY (vote_id, member_id),
        FOREIGN KEY (vote_id, member_id) REFERENCES vote_voters(vote_id, member_id) ON DELETE CASCADE
      ) STRICT, WITHOUT ROWID;

      CREATE TABLE vote_secret_ballots (
        token TEXT PRIMARY KEY,
        vote_id TEXT NOT NULL REFERENCES votes(id) ON DELETE CASCADE,
        option_id TEXT NOT NULL
      ) STRICT, WITHOUT ROWID;

      CREATE TABLE meeting_vote_labels (
        meeting_id TEXT PRIMARY KEY REFERENCES meetings(id) ON DELETE CASCADE,
        for_label TEXT NOT NULL,
        against_label TEXT NOT NULL,
        abstain_label TEXT NOT NULL
      ) STRICT;
    `);
  },
};
