import type { Migration } from '../migrate';

/**
 * Participants in protocol order: the order the secretariat sets or imports (a delegation list
 * follows it), no longer by name. `position` already holds a person's title (chức vụ), so the
 * place in the list is `protocol_order`, 1 for the first person of a meeting. People already
 * stored keep the order they were added in, which is what the lists showed before the sort by name.
 */
export const migration0040: Migration = {
  version: 40,
  name: '0040-participant-protocol-order',
  up(db) {
    db.exec(`
      ALTER TABLE participants ADD COLUMN protocol_order INTEGER NOT NULL DEFAULT 0;
      UPDATE participants SET protocol_order = ordered.n
        FROM (
          SELECT id, row_number() OVER (PARTITION BY meeting_id ORDER BY created_at, rowid) AS n
          FROM participants
        ) AS ordered
        WHERE participants.id = ordered.id;
      CREATE INDEX participants_by_meeting_order ON participants(meeting_id, protocol_order);
    `);
  },
};
