import type { Phrase } from '#common/search/phrase';

export { MAX_QUERY_TERMS, MAX_TERM_LENGTH, queryPhrase } from '#common/search/phrase';

/**
 * An FTS5 MATCH expression for a phrase: its folded syllables as one quoted FTS5 phrase
 * (`"bien ban"`), which matches only where those tokens stand one after the other, in that
 * order, each a whole token. Punctuation and line breaks are not tokens, so they may stand
 * between; a page is one row, so a phrase never spans a page break. Quoting makes FTS5
 * operators and syntax in user input (AND, NEAR, `-`, `:`, `^`, `"`) plain text.
 *
 * This only narrows the pages down fast; `findPhrase` then checks every candidate page in code
 * (the same rules the renderer's find-in-document uses) and finds the places to mark.
 */
export function toMatchExpression(phrase: Phrase): string {
  return `"${phrase.syllables.map((t) => t.replaceAll('"', '""')).join(' ')}"`;
}
