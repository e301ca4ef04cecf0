import type { WritableDB } from './database';

/**
 * Rewrites the database so no page keeps what was deleted or the order rows arrived in: after a
 * secret vote closes, a B-tree page still holds its cells in arrival order and the WAL holds each
 * commit's pages, either of which would let someone line ballots up with the audit log's
 * "took part" entries. A TRUNCATE checkpoint empties the WAL, VACUUM rebuilds every table in key
 * order into fresh pages, and a second checkpoint moves that into room.sqlite and truncates the
 * WAL again. Throws when a reader kept a checkpoint from finishing (the caller retries later).
 */
export function scrubDatabase(db: WritableDB): void {
  checkpointTruncate(db);
  db.exec('VACUUM');
  checkpointTruncate(db);
}

function checkpointTruncate(db: WritableDB): void {
  const [row] = db.pragma('wal_checkpoint(TRUNCATE)') as {
    busy: number;
    log: number;
    checkpointed: number;
  }[];
  if (row && row.busy !== 0) throw new Error('WAL checkpoint blocked by a reader');
}
