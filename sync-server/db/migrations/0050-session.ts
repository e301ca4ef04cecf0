import type { Migration } from '../migrate';

/**
 * The session of a meeting as it runs: its state, times, current item and rules (one row per
 * meeting, made when first needed); attendance now (one row per participant who has one) and
 * the ledger of every change with its time; the speaker list with its timers and history.
 *
 * Times are ISO strings like every other table; a timer's pauses add up in milliseconds so the
 * remaining time is exact whatever the pauses. A partial unique index keeps one speaker per
 * meeting and one queued request per person, kind and item, whatever the commands do.
 */
export const migration0050: Migration = {
  version: 50,
  name: '0050-session',
  up(db) {
    db.exec(`
      CREATE TABLE meeting_sessions (
        meeting_id TEXT PRIMARY KEY REFERENCES meetings(id) ON DELETE CASCADE,
        state TEXT NOT NULL DEFAULT 'not_started'
          CHECK (state IN ('not_started', 'in_session', 'paused', 'ended')),
        started_at TEXT,
        ended_at TEXT,
        paused_at TEXT,
        paused_ms INTEGER NOT NULL DEFAULT 0,
        current_item_id TEXT REFERENCES agenda_items(id) ON DELETE SET NULL,
        quorum_kind TEXT NOT NULL DEFAULT 'more_than_half'
          CHECK (quorum_kind IN ('more_than_half', 'two_thirds', 'fixed')),
        quorum_count INTEGER CHECK ((quorum_kind = 'fixed') = (quorum_count IS NOT NULL)),
        proxies_allowed INTEGER NOT NULL DEFAULT 0 CHECK (proxies_allowed IN (0, 1)),
        limit_phat_bieu INTEGER NOT NULL DEFAULT 420,
        limit_tranh_luan INTEGER NOT NULL DEFAULT 180,
        limit_chat_van INTEGER NOT NULL DEFAULT 180,
        updated_at TEXT NOT NULL
      ) STRICT;

      CREATE TABLE attendance (
        participant_id TEXT PRIMARY KEY REFERENCES participants(id) ON DELETE CASCADE,
        meeting_id TEXT NOT NULL REFERENCES meetings(id) ON DELETE CASCADE,
        status TEXT NOT NULL CHECK (status IN ('present', 'absent', 'excused', 'late', 'left_early')),
        reason TEXT NOT NULL DEFAULT '',
        proxy_holder_id TEXT REFERENCES participants(id) ON DELETE SET NULL,
        updated_at TEXT NOT NULL,
        CHECK (proxy_holder_id IS NULL OR proxy_holder_id <> participant_id)
      ) STRICT;
      CREATE INDEX attendance_by_meeting ON attendance(meeting_id);
      CREATE INDEX attendance_by_holder ON attendance(proxy_holder_id) WHERE proxy_holder_id IS NOT NULL;

      CREATE TABLE attendance_events (
        seq INTEGER PRIMARY KEY,
        meeting_id TEXT NOT NULL REFERENCES meetings(id) ON DELETE CASCADE,
        participant_id TEXT NOT NULL,
        participant_name TEXT NOT NULL,
        kind TEXT NOT NULL CHECK (kind IN ('check_in', 'check_out', 'mark', 'proxy')),
        status TEXT NOT NULL CHECK (status IN ('present', 'absent', 'excused', 'late', 'left_early')),
        reason TEXT NOT NULL DEFAULT '',
        proxy_holder_id TEXT,
        proxy_holder_name TEXT,
        by_id TEXT,
        by_name TEXT,
        at TEXT NOT NULL
      ) STRICT;
      CREATE INDEX attendance_events_by_meeting ON attendance_events(meeting_id, seq);

      CREATE TABLE speaker_requests (
        id TEXT PRIMARY KEY,
        meeting_id TEXT NOT NULL REFERENCES meetings(id) ON DELETE CASCADE,
        item_id TEXT REFERENCES agenda_items(id) ON DELETE SET NULL,
        participant_id TEXT NOT NULL REFERENCES participants(id) ON DELETE CASCADE,
        kind TEXT NOT NULL CHECK (kind IN ('phat_bieu', 'tranh_luan', 'chat_van')),
        status TEXT NOT NULL CHECK (status IN ('queued', 'speaking', 'done', 'rejected', 'withdrawn')),
        queue_order INTEGER NOT NULL DEFAULT 0,
        requested_at TEXT NOT NULL,
        added_by TEXT,
        started_at TEXT,
        paused_at TEXT,
        paused_ms INTEGER NOT NULL DEFAULT 0,
        limit_seconds INTEGER,
        ended_at TEXT
      ) STRICT;
      CREATE INDEX speaker_requests_by_item ON speaker_requests(meeting_id, item_id, status, queue_order);
      CREATE UNIQUE INDEX speaker_requests_one_speaking ON speaker_requests(meeting_id)
        WHERE status = 'speaking';
      CREATE UNIQUE INDEX speaker_requests_one_queued ON speaker_requests(item_id, participant_id, kind)
        WHERE status = 'queued';
    `);
  },
};
