import type { SearchHit } from '#common/schemas/document';
import type { ReadableDB, WritableDB } from '../db/database';
import { foldVietnamese } from '#common/search/fold';
import { bestExactness, findPhrase } from '#common/search/phrase';
import { queryPhrase, toMatchExpression } from './query';
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
 * At most this many candidate pages (best bm25 first) are checked and ranked in code per
 * search; a meeting's documents rarely have more pages with the phrase on them.
 */
export const MAX_SEARCH_CANDIDATES = 2000;

/**
 * Full-text search over the pages of a meeting's documents by the phrase rules
 * (`#common/search/phrase`): the query's syllables standing together in that order on one page,
 * each a whole syllable, diacritics and case aside ("bien ban" finds "Biên bản" and "biên,
 * bản", never "bản biên" or "bảng"). Only the current version of each document counts and only
 * documents in `visibleDocumentIds`.
 *
 * FTS5 finds the candidate pages with a phrase query over the folded tokens; each is then
 * checked in code, which also finds the places for the snippet. Ranking: pages where the
 * phrase stands with the most syllables typed with exactly their diacritics first, then bm25,
 * then document order and page.
 */
export function searchPages(db: ReadableDB, params: SearchPagesParams): PageHit[] {
  const phrase = queryPhrase(params.query);
  if (phrase.syllables.length === 0 || params.visibleDocumentIds.length === 0) return [];
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
       LIMIT @candidates`,
    )
    .all({
      match: toMatchExpression(phrase),
      meetingId: params.meetingId,
      visible: JSON.stringify(params.visibleDocumentIds),
      candidates: MAX_SEARCH_CANDIDATES,
    }) as HitRow[];
  const checked = rows
    .map((row, order) => ({ row, order, exact: bestExactness(findPhrase(row.text, phrase)) }))
    .filter((c) => c.exact >= 0);
  // Stable: equal exactness keeps the bm25 order.
  checked.sort((a, b) => b.exact - a.exact || a.order - b.order);
  return checked.slice(0, limit).map(({ row: r }) => ({
    documentId: r.document_id,
    version: r.version,
    page: r.page,
    snippet: makeSnippet(r.text, phrase),
  }));
}
