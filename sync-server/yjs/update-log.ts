import * as Y from 'yjs';
import type { WritableDB } from '../db/database';

/**
 * The Yjs update log: every update a document receives is one row, written before it is
 * broadcast; loading merges the rows; compaction replaces them with one snapshot row.
 */
export class UpdateLog {
  private readonly insert;
  private readonly selectAll;
  private readonly count;
  private readonly deleteUpTo;

  constructor(private readonly db: WritableDB) {
    this.insert = db.prepare('INSERT INTO yjs_updates (doc_name, data, created_at) VALUES (?, ?, ?)');
    this.selectAll = db.prepare('SELECT id, data FROM yjs_updates WHERE doc_name = ? ORDER BY id');
    this.count = db.prepare('SELECT count(*) AS n FROM yjs_updates WHERE doc_name = ?');
    this.deleteUpTo = db.prepare('DELETE FROM yjs_updates WHERE doc_name = ? AND id <= ?');
  }

  /** Appends one update; throws if the database cannot take it (the caller must not broadcast then). */
  append(docName: string, update: Uint8Array): void {
    this.insert.run(docName, update, Date.now());
  }

  /** All stored updates of a document merged into one (null when it has none), and how many rows there were. */
  load(docName: string): { update: Uint8Array | null; rows: number } {
    const rows = this.selectAll.all(docName) as { id: number; data: Buffer }[];
    if (rows.length === 0) return { update: null, rows: 0 };
    return { update: Y.mergeUpdates(rows.map((r) => new Uint8Array(r.data))), rows: rows.length };
  }

  rowCount(docName: string): number {
    return (this.count.get(docName) as { n: number }).n;
  }

  /**
   * Replaces every row of the document with one snapshot of `doc`, atomically: a crash
   * mid-way leaves the old rows, never a gap.
   */
  compact(docName: string, doc: Y.Doc): void {
    const snapshot = Y.encodeStateAsUpdate(doc);
    this.db.transaction(() => {
      const last = this.db
        .prepare('SELECT max(id) AS id FROM yjs_updates WHERE doc_name = ?')
        .get(docName) as { id: number | null };
      if (last.id === null) return;
      this.deleteUpTo.run(docName, last.id);
      this.insert.run(docName, snapshot, Date.now());
    })();
  }
}
