import { foldVietnamese } from './fold';

/**
 * The phrase rules of search, shared by the room server (search across documents) and the
 * renderer (find in the open document), so both find exactly the same places:
 *
 * - a query is one phrase: its syllables, in the order typed; punctuation, quotes and spaces
 *   in the query only separate syllables ("quyết định", `"quyết định"` and "quyết, định" are
 *   the same query);
 * - a place in a text matches when those syllables stand there one after the other, in that
 *   order, with nothing but spaces, punctuation or line breaks between them;
 * - a syllable matches a whole syllable of the text, never a part of one ("ban" does not find
 *   "bảng"), whatever its diacritics and case ("ban" finds "bán", "bản", "BAN");
 * - a match whose syllables carry exactly the diacritics typed is "exact"; it ranks first.
 *
 * A syllable is a run of letters, digits and combining marks; everything else separates.
 */

/** At most this many syllables of a query are used; the rest are ignored. */
export const MAX_QUERY_TERMS = 16;
/** Longer syllables are cut to this many characters. */
export const MAX_TERM_LENGTH = 64;

/** A query as search uses it. */
export interface Phrase {
  /** The syllables folded (no diacritics, lower case): what must match. */
  readonly syllables: readonly string[];
  /** The same syllables as typed (NFC, lower case, diacritics kept): what "exact" means. */
  readonly typed: readonly string[];
}

/** One matching place in a text: its syllables, as offsets into the original text. */
export interface PhraseMatch {
  /** Offset of the first syllable. */
  readonly start: number;
  /** Offset just after the last syllable. */
  readonly end: number;
  /** Each syllable of the match (same count as the phrase's syllables). */
  readonly words: readonly { readonly start: number; readonly end: number }[];
  /** How many syllables carry exactly the diacritics typed (case aside); all of them = exact. */
  readonly exact: number;
}

/** Letters, digits, private-use glyphs (as FTS5's unicode61 tokenizer) and combining marks. */
const SYLLABLE = /[\p{L}\p{N}\p{Co}\p{M}]+/gu;
const MARKS = /\p{M}/gu;

/**
 * The phrase of a query ("Biên  Bản!" → bien ban, typed biên bản). Repeated syllables are
 * kept: "thành phố thành phố" needs all four. A query of only punctuation or spaces has no
 * syllables.
 */
export function queryPhrase(query: string): Phrase {
  const nfc = query.normalize('NFC');
  const folded = foldVietnamese(nfc);
  const syllables: string[] = [];
  const typed: string[] = [];
  for (const m of folded.matchAll(SYLLABLE)) {
    const bare = m[0].replace(MARKS, '');
    if (bare === '') continue;
    syllables.push(cut(bare));
    typed.push(cut(typedForm(nfc.slice(m.index, m.index + m[0].length))));
    if (syllables.length === MAX_QUERY_TERMS) break;
  }
  return { syllables, typed };
}

/** A syllable cut to {@link MAX_TERM_LENGTH} code points. */
function cut(s: string): string {
  return s.length <= MAX_TERM_LENGTH ? s : [...s].slice(0, MAX_TERM_LENGTH).join('');
}

/** How a syllable is compared for "exact diacritics": NFC, lower case. */
function typedForm(s: string): string {
  return s.normalize('NFC').toLowerCase();
}

interface Syllable {
  readonly start: number;
  readonly end: number;
  readonly bare: string;
}

/** The syllables of a text, with their folded form. */
function syllablesOf(text: string): Syllable[] {
  const folded = foldVietnamese(text);
  const out: Syllable[] = [];
  for (const m of folded.matchAll(SYLLABLE)) {
    const bare = m[0].replace(MARKS, '');
    if (bare !== '') out.push({ start: m.index, end: m.index + m[0].length, bare });
  }
  return out;
}

/**
 * Every place in `text` where the phrase stands, in text order, not overlapping. Offsets are
 * into `text` itself (folding keeps every offset). A page is one text: a phrase never spans
 * two pages, because each page is searched on its own.
 */
export function findPhrase(text: string, phrase: Phrase): PhraseMatch[] {
  const n = phrase.syllables.length;
  if (n === 0) return [];
  const words = syllablesOf(text);
  const matches: PhraseMatch[] = [];
  for (let i = 0; i + n <= words.length; ) {
    let k = 0;
    while (k < n && cut(words[i + k]!.bare) === phrase.syllables[k]) k++;
    if (k < n) {
      i++;
      continue;
    }
    const found = words.slice(i, i + n);
    let exact = 0;
    found.forEach((w, j) => {
      if (cut(typedForm(text.slice(w.start, w.end))) === phrase.typed[j]) exact++;
    });
    matches.push({
      start: found[0]!.start,
      end: found[n - 1]!.end,
      words: found.map((w) => ({ start: w.start, end: w.end })),
      exact,
    });
    i += n;
  }
  return matches;
}

/** The best "exact" count of any match (-1 when there is none): hits are ranked by it. */
export function bestExactness(matches: readonly PhraseMatch[]): number {
  return matches.reduce((best, m) => Math.max(best, m.exact), -1);
}
