import { describe, expect, it } from 'vitest';
import { openMemoryDatabase } from '../../../sync-server/db/database';
import { migrate, schemaVersion } from '../../../sync-server/db/migrate';
import { ROOM_MIGRATIONS } from '../../../sync-server/db/migrations/index';

describe('migration 0050-session', () => {
  it('adds the session tables to a database at 40 with meetings in it, and their constraints hold', () => {
    const db = openMemoryDatabase();
    migrate(db, ROOM_MIGRATIONS, 40);
    db.exec(`
      INSERT INTO meetings (id, title, type, starts_at, created_at, updated_at)
        VALUES ('meeting-1', 'Phiên họp', 'regular', '2026-11-26T01:30:00.000Z', 'x', 'x');
      INSERT INTO participants (id, meeting_id, name, role, created_at)
        VALUES ('person-1', 'meeting-1', 'A', 'delegate', 'x'), ('person-2', 'meeting-1', 'B', 'delegate', 'x');
      INSERT INTO agenda_items (id, meeting_id, position, title) VALUES ('item-1', 'meeting-1', 0, 'Mục 1');
    `);
    expect(migrate(db, ROOM_MIGRATIONS, 50)).toBe(50);
    expect(schemaVersion(db)).toBe(50);

    // A meeting has no session row until something is written: defaults apply.
    db.prepare("INSERT INTO meeting_sessions (meeting_id, updated_at) VALUES ('meeting-1', 'x')").run();
    expect(db.prepare('SELECT state, quorum_kind, proxies_allowed FROM meeting_sessions').get()).toEqual({
      state: 'not_started',
      quorum_kind: 'more_than_half',
      proxies_allowed: 0,
    });
    // A fixed quorum has a count, the others none.
    expect(() => db.prepare("UPDATE meeting_sessions SET quorum_kind = 'fixed'").run()).toThrow(/CHECK/);
    expect(() => db.prepare("UPDATE meeting_sessions SET state = 'adjourned'").run()).toThrow(/CHECK/);
    // Nobody holds their own proxy.
    expect(() =>
      db
        .prepare(
          "INSERT INTO attendance (participant_id, meeting_id, status, proxy_holder_id, updated_at) VALUES ('person-1', 'meeting-1', 'absent', 'person-1', 'x')",
        )
        .run(),
    ).toThrow(/CHECK/);
    // One speaker per meeting.
    const speaker = db.prepare(
      "INSERT INTO speaker_requests (id, meeting_id, item_id, participant_id, kind, status, requested_at) VALUES (?, 'meeting-1', 'item-1', ?, 'phat_bieu', 'speaking', 'x')",
    );
    speaker.run('req-1', 'person-1');
    expect(() => speaker.run('req-2', 'person-2')).toThrow(/UNIQUE/);
    // Deleting the item keeps the speech for the minutes, without its item.
    db.prepare("DELETE FROM agenda_items WHERE id = 'item-1'").run();
    expect(db.prepare("SELECT item_id FROM speaker_requests WHERE id = 'req-1'").get()).toEqual({
      item_id: null,
    });
    // Deleting the meeting removes everything of its session.
    db.prepare("DELETE FROM meetings WHERE id = 'meeting-1'").run();
    for (const table of ['meeting_sessions', 'attendance', 'attendance_events', 'speaker_requests']) {
      expect(db.prepare(`SELECT count(*) AS n FROM ${table}`).get(), table).toEqual({ n: 0 });
    }
  });
});
