import type { SearchHit } from '#common/schemas/document';
import type { ReadableDB, WritableDB } from '../db/database';
import { foldVietnamese } from './fold';
import { queryTerms, toMatchExpression } from './query';
import { makeSnippet } from './snippet';

/** A search hit as the index knows it; the route adds the document title. */
export type PageHit = Omit<SearchHit, 'title'>;

/** One search: what, where, how many, and what the caller may see. */
export interface SearchPagesParams {
  readonly meetingId: string;
  /** What the user typed; diacritics and case do not matter. */
  readonly query: string;
  /** At most this many hits (clamped to 1…200). */
  readonly limit: number;
  /** The documents the caller may read; hits in any other document are never returned. */
  readonly visibleDocumentIds: readonly string[];
}

/** Largest `limit` honoured. */
export const MAX_SEARCH_LIMIT = 200;

/** Page text as stored: NFC, without control characters other than newlines and tabs. */
function storedText(raw: string): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: U+0002/U+0003 are our snippet markers
  return raw.normalize('NFC').replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/g, '');
}

/** Deletes pages and their index entries: one version, or every version when `version` is null. */
function removePages(db: WritableDB, documentId: string, version: number | null): void {
  const ids = (
    version === null
      ? db.prepare('SELECT id FROM document_pages WHERE document_id = ?').pluck().all(documentId)
      : db
          .prepare('SELECT id FROM document_pages WHERE document_id = ? AND version = ?')
          .pluck()
          .all(documentId, version)
  ) as number[];
  if (ids.length === 0) return;
  const deleteFts = db.prepare('DELETE FROM document_pages_fts WHERE rowid = ?');
  for (const id of ids) deleteFts.run(id);
  if (version === null) db.prepare('DELETE FROM document_pages WHERE document_id = ?').run(documentId);
  else
    db.prepare('DELETE FROM document_pages WHERE document_id = ? AND version = ?').run(documentId, version);
}

/**
 * Stores the text of every page of one version of a document (page 1 = `pages[0]`) and indexes
 * its folded form for search, in one transaction (a savepoint inside the caller's). Indexing the
 * same document and version again replaces what was there. The document row must exist.
 */
export function indexPages(
  db: WritableDB,
  documentId: string,
  version: number,
  pages: readonly string[],
): void {
  db.transaction(() => {
    removePages(db, documentId, version);
    const insertPage = db.prepare(
      'INSERT INTO document_pages (document_id, version, page, text) VALUES (?, ?, ?, ?)',
    );
    const insertFts = db.prepare('INSERT INTO document_pages_fts (rowid, folded) VALUES (?, ?)');
    pages.forEach((raw, i) => {
      const text = storedText(raw);
      const { lastInsertRowid } = insertPage.run(documentId, version, i + 1, text);
      insertFts.run(lastInsertRowid, foldVietnamese(text));
    });
  })();
}

/**
 * Removes every version's pages of a document from the index. Call it before deleting the
 * document row: ON DELETE CASCADE removes document_pages rows but cannot reach the contentless
 * FTS table, whose entries would then linger (unreachable, but taking space).
 */
export function removeDocument(db: WritableDB, documentId: string): void {
  db.transaction(() => removePages(db, documentId, null))();
}

interface HitRow {
  document_id: string;
  version: number;
  page: number;
  text: string;
}

/**
 * Full-text search over the pages of a meeting's documents, diacritics- and case-insensitive
 * ("bien ban" finds "Biên bản", "dong" and "đồng" find "đồng"). Every word of the query must
 * occur as the start of a word on the page. Only the current version of each document counts
 * and only documents in `visibleDocumentIds`. Best matches first (bm25), each with a snippet of
 * the original text around the match.
 */
export function searchPages(db: ReadableDB, params: SearchPagesParams): PageHit[] {
  const terms = queryTerms(params.query);
  if (terms.length === 0 || params.visibleDocumentIds.length === 0) return [];
  const limit = Math.min(MAX_SEARCH_LIMIT, Math.max(1, Math.floor(params.limit) || 1));
  const rows = db
    .prepare(
      `SELECT p.document_id, p.version, p.page, p.text
       FROM document_pages_fts
       JOIN document_pages p ON p.id = document_pages_fts.rowid
       JOIN documents d ON d.id = p.document_id AND d.version = p.version
       WHERE document_pages_fts MATCH @match
         AND d.meeting_id = @meetingId
         AND p.document_id IN (SELECT value FROM json_each(@visible))
       ORDER BY bm25(document_pages_fts), d.position, p.page
       LIMIT @limit`,
    )
    .all({
      match: toMatchExpression(terms),
      meetingId: params.meetingId,
      visible: JSON.stringify(params.visibleDocumentIds),
      limit,
    }) as HitRow[];
  return rows.map((r) => ({
    documentId: r.document_id,
    version: r.version,
    page: r.page,
    snippet: makeSnippet(r.text, terms),
  }));
}
