import type { WritableDB } from './database';

/** One numbered schema step. Versions go up in steps of 10 so later fixes can use the gaps. */
export interface Migration {
  readonly version: number;
  readonly name: string;
  readonly up: (db: WritableDB) => void;
}

/** The database was written by a newer build than this one; refusing protects its data. */
export class DBVersionFromFutureError extends Error {
  override readonly name = 'DBVersionFromFutureError';
}

function assertMonotonic(migrations: readonly Migration[]): void {
  for (let i = 1; i < migrations.length; i++) {
    const prev = migrations[i - 1]!;
    const cur = migrations[i]!;
    if (cur.version <= prev.version) {
      throw new Error(`migration ${cur.name} (${cur.version}) is not after ${prev.name} (${prev.version})`);
    }
  }
}

/** Reads `PRAGMA user_version`, the schema version the file is at. */
export function schemaVersion(db: WritableDB): number {
  return db.pragma('user_version', { simple: true }) as number;
}

/**
 * Applies every migration newer than the file's `user_version`, all in one transaction, so a
 * failure leaves the file exactly as it was. `upTo` stops early (migration tests).
 */
export function migrate(db: WritableDB, migrations: readonly Migration[], upTo?: number): number {
  assertMonotonic(migrations);
  const start = schemaVersion(db);
  const target = upTo ?? migrations.at(-1)?.version ?? 0;
  const newest = migrations.at(-1)?.version ?? 0;
  if (start > newest) {
    throw new DBVersionFromFutureError(
      `the database is at schema version ${start}, newer than this build knows (${newest}); use a newer build`,
    );
  }
  db.transaction(() => {
    for (const m of migrations) {
      if (m.version > start && m.version <= target) m.up(db);
    }
    db.pragma(`user_version = ${Math.max(start, target)}`);
  })();
  return schemaVersion(db);
}
