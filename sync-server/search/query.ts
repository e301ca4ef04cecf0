import { foldVietnamese } from './fold';

/** At most this many words of a query are used; the rest are ignored. */
export const MAX_QUERY_TERMS = 16;
/** Longer words are cut to this many characters (still a valid prefix). */
export const MAX_TERM_LENGTH = 64;

/**
 * The search words of a query, folded ("Biên  Bản!" → ["bien", "ban"]), split where the FTS5
 * unicode61 tokenizer splits (anything but letters and digits), without duplicates. A query
 * of only punctuation or spaces has no terms.
 */
export function queryTerms(query: string): string[] {
  const folded = foldVietnamese(query.normalize('NFC')).replace(/\p{M}/gu, '');
  const terms: string[] = [];
  for (const m of folded.matchAll(/[\p{L}\p{N}]+/gu)) {
    const term = [...m[0]].slice(0, MAX_TERM_LENGTH).join('');
    if (!terms.includes(term)) terms.push(term);
    if (terms.length === MAX_QUERY_TERMS) break;
  }
  return terms;
}

/**
 * An FTS5 MATCH expression: every term as a quoted prefix query, all required
 * (`"bien"* AND "ban"*`). Quoting makes FTS5 operators and syntax in user input (AND, NEAR,
 * `-`, `:`, `^`, `"`) plain text.
 */
export function toMatchExpression(terms: readonly string[]): string {
  return terms.map((t) => `"${t.replaceAll('"', '""')}"*`).join(' AND ');
}
