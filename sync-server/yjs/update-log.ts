import type { WritableDB } from '../db/database';

/** How much a document holds in the log. */
export interface StoredSize {
  readonly bytes: number;
  readonly rows: number;
}

/**
 * The Yjs update log: every update a document receives is one row, written before it is
 * broadcast; loading reads the rows back in order; compaction replaces them with one snapshot
 * row. The log stores bytes and never decodes them: whoever loads a document decides whether
 * it may (budgets.ts) and applies the rows.
 */
export class UpdateLog {
  private readonly insert;
  private readonly selectAll;
  private readonly size;
  private readonly deleteUpTo;
  private readonly lastId;
  private readonly namesFrom;

  constructor(private readonly db: WritableDB) {
    this.insert = db.prepare('INSERT INTO yjs_updates (doc_name, data, created_at) VALUES (?, ?, ?)');
    this.selectAll = db.prepare('SELECT data FROM yjs_updates WHERE doc_name = ? ORDER BY id');
    // length() of a blob is read from the record header: no row's bytes are loaded.
    this.size = db.prepare(
      'SELECT coalesce(sum(length(data)), 0) AS bytes, count(*) AS rows FROM yjs_updates WHERE doc_name = ?',
    );
    this.deleteUpTo = db.prepare('DELETE FROM yjs_updates WHERE doc_name = ? AND id <= ?');
    this.lastId = db.prepare('SELECT max(id) AS id FROM yjs_updates WHERE doc_name = ?');
    // A range on the (doc_name, id) index: only the names under the prefix are visited.
    this.namesFrom = db.prepare(
      'SELECT DISTINCT doc_name AS name FROM yjs_updates WHERE doc_name >= ? AND doc_name < ? ORDER BY doc_name',
    );
  }

  /** Appends one update; throws if the database cannot take it (the caller must not broadcast then). */
  append(docName: string, update: Uint8Array): void {
    this.insert.run(docName, update, Date.now());
  }

  /** Bytes and rows stored for a document, without reading them. */
  storedSize(docName: string): StoredSize {
    return this.size.get(docName) as StoredSize;
  }

  /** Every stored update of a document, oldest first. */
  rows(docName: string): Uint8Array[] {
    return (this.selectAll.all(docName) as { data: Buffer }[]).map((r) => new Uint8Array(r.data));
  }

  /** The names of the stored documents that start with `prefix` (which must not be empty). */
  docNamesStartingWith(prefix: string): string[] {
    // Every name that starts with the prefix sorts below the prefix with its last character
    // raised by one.
    const end = prefix.slice(0, -1) + String.fromCharCode(prefix.charCodeAt(prefix.length - 1) + 1);
    return (this.namesFrom.all(prefix, end) as { name: string }[]).map((r) => r.name);
  }

  rowCount(docName: string): number {
    return this.storedSize(docName).rows;
  }

  /**
   * Replaces every row of the document with `snapshot` (its whole state as one update),
   * atomically: a crash mid-way leaves the old rows, never a gap.
   */
  compact(docName: string, snapshot: Uint8Array): void {
    this.db.transaction(() => {
      const last = this.lastId.get(docName) as { id: number | null };
      if (last.id === null) return;
      this.deleteUpTo.run(docName, last.id);
      this.insert.run(docName, snapshot, Date.now());
    })();
  }
}
