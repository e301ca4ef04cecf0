import { DEFAULT_TIME_ZONE, endOfDayIn } from '#common/time/meeting-time';
import type { Migration } from '../migrate';

/**
 * A meeting's end (join codes for it last until then) and its time zone (every screen shows
 * its times there). Meetings already stored were all typed for Vietnam and end with their
 * starting day there, which is what the previous build assumed.
 */
export const migration0030: Migration = {
  version: 30,
  name: '0030-meeting-end-and-zone',
  up(db) {
    db.exec(`
      ALTER TABLE meetings ADD COLUMN ends_at TEXT;
      ALTER TABLE meetings ADD COLUMN time_zone TEXT NOT NULL DEFAULT '${DEFAULT_TIME_ZONE}';
    `);
    const rows = db.prepare('SELECT id, starts_at FROM meetings').all() as {
      id: string;
      starts_at: string;
    }[];
    const setEnd = db.prepare('UPDATE meetings SET ends_at = ? WHERE id = ?');
    for (const row of rows) setEnd.run(endOfDayIn(Date.parse(row.starts_at), DEFAULT_TIME_ZONE), row.id);
  },
};
