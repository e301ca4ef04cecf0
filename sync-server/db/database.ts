import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';

/** A handle that may only read. Branded so write paths cannot be handed a read-only handle by mistake. */
export type ReadableDB = Database.Database & { readonly __readableDb: never };
/** A handle that may read and write. */
export type WritableDB = ReadableDB & { readonly __writableDb: never };

/** File name of the room database inside the data directory. */
export const DATABASE_FILE = 'room.sqlite';

/**
 * Opens (creating if needed) the room database in `dataDir`. WAL lets readers run beside the
 * single writer; `synchronous=NORMAL` in WAL mode never corrupts and loses nothing on a process
 * crash — commands whose loss would matter on power failure switch to FULL themselves.
 */
export function openDatabase(dataDir: string): WritableDB {
  mkdirSync(dataDir, { recursive: true });
  const db = new Database(join(dataDir, DATABASE_FILE));
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.pragma('foreign_keys = ON');
  db.pragma('busy_timeout = 5000');
  return db as WritableDB;
}

/** Opens an in-memory database with the same pragmas (tests of pure store logic). */
export function openMemoryDatabase(): WritableDB {
  const db = new Database(':memory:');
  db.pragma('foreign_keys = ON');
  return db as WritableDB;
}
