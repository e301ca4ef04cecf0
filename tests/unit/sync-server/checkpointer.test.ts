import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { WalCheckpointer } from '../../../sync-server/db/checkpointer';
import { DATABASE_FILE, openDatabase } from '../../../sync-server/db/database';

describe('WAL checkpointer', () => {
  it('moves committed pages from the WAL into the database file from its own thread', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'paperless-room-wal-'));
    const db = openDatabase(dir);
    try {
      db.pragma('wal_autocheckpoint = 0');
      db.exec('CREATE TABLE t (b BLOB)');
      const insert = db.prepare('INSERT INTO t (b) VALUES (?)');
      for (let i = 0; i < 64; i++) insert.run(Buffer.alloc(16 * 1024, i));
      const file = join(dir, DATABASE_FILE);
      const before = statSync(file).size;
      expect(before).toBeLessThan(100 * 1024);
      const errors: string[] = [];
      const checkpointer = new WalCheckpointer(file, 20, (m) => errors.push(m));
      const started = Date.now();
      while (statSync(file).size < 1024 * 1024 && Date.now() - started < 5000) {
        await new Promise((r) => setTimeout(r, 20));
      }
      await checkpointer.stop();
      expect(statSync(file).size).toBeGreaterThan(1024 * 1024);
      expect(errors).toEqual([]);
      expect((db.prepare('SELECT count(*) AS n FROM t').get() as { n: number }).n).toBe(64);
    } finally {
      db.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
