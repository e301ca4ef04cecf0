import { closeSync, existsSync, openSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { ensurePrivateDir, makePrivate, PRIVATE_FILE_MODE } from '../runtime/private-files';

/** A handle that may only read. Branded so write paths cannot be handed a read-only handle by mistake. */
export type ReadableDB = Database.Database & { readonly __readableDb: never };
/** A handle that may read and write. */
export type WritableDB = ReadableDB & { readonly __writableDb: never };

/** File name of the room database inside the data directory. */
export const DATABASE_FILE = 'room.sqlite';

/** The database file and the files SQLite keeps beside it in WAL mode. */
const DATABASE_FILES = [DATABASE_FILE, `${DATABASE_FILE}-wal`, `${DATABASE_FILE}-shm`];

/**
 * Opens (creating if needed) the room database in `dataDir`. WAL lets readers run beside the
 * single writer; `synchronous=NORMAL` in WAL mode never corrupts and loses nothing on a process
 * crash — commands whose loss would matter on power failure switch to FULL themselves.
 *
 * The data directory is made 0700 and the database 0600 before SQLite opens it (SQLite gives
 * the -wal and -shm files it creates the database file's mode); an install made by an older
 * build, with world-readable files, is tightened here.
 */
export function openDatabase(dataDir: string): WritableDB {
  ensurePrivateDir(dataDir);
  const path = join(dataDir, DATABASE_FILE);
  if (!existsSync(path)) closeSync(openSync(path, 'a', PRIVATE_FILE_MODE));
  for (const file of DATABASE_FILES) makePrivate(join(dataDir, file));
  const db = new Database(path);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.pragma('foreign_keys = ON');
  db.pragma('busy_timeout = 5000');
  for (const file of DATABASE_FILES) makePrivate(join(dataDir, file));
  return db as WritableDB;
}

/** Opens an in-memory database with the same pragmas (tests of pure store logic). */
export function openMemoryDatabase(): WritableDB {
  const db = new Database(':memory:');
  db.pragma('foreign_keys = ON');
  return db as WritableDB;
}

/** How {@link closeDatabase} went. */
export interface DatabaseClosed {
  /** The WAL was copied into the database file and truncated. */
  readonly checkpointed: boolean;
  /** Why the final checkpoint failed (e.g. SQLITE_FULL on a full disk), when it did. */
  readonly checkpointError?: unknown;
}

/**
 * Closes the database whatever else fails: first a TRUNCATE checkpoint, so the next start opens
 * a tidy file; when that cannot be done — a full disk cannot grow room.sqlite — the connection
 * is closed all the same. Nothing committed is lost then: it is in the WAL, which SQLite
 * applies at the next open. Throws only when closing itself fails.
 */
export function closeDatabase(db: ReadableDB): DatabaseClosed {
  if (!db.open) return { checkpointed: false };
  let checkpointError: unknown;
  try {
    // A transaction left open by a failed write would make the checkpoint and close refuse.
    if (db.inTransaction) db.exec('ROLLBACK');
    const [result] = db.pragma('wal_checkpoint(TRUNCATE)') as { busy: number }[];
    // busy: another connection (the checkpointer worker, a backup) still reads an older snapshot.
    if (result?.busy) checkpointError = new Error('the final checkpoint was blocked by another connection');
  } catch (err) {
    checkpointError = err;
  }
  db.close();
  return checkpointError === undefined ? { checkpointed: true } : { checkpointed: false, checkpointError };
}
