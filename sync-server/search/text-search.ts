import { bestExactness, findPhrase, type Phrase } from '#common/search/phrase';
import { makeSnippet } from './snippet';

/** A text that holds the phrase: how many syllables stood exactly as typed, and the snippet to show. */
export interface TextHit {
  readonly exact: number;
  readonly snippet: string;
}

/**
 * Searches one text that is not a document page (a meeting's minutes) by the same phrase rules
 * and the same snippet as {@link searchPages}: the text is one "page", so its line breaks may
 * stand between the syllables of a phrase. Null when the phrase is not in it.
 */
export function searchText(text: string, phrase: Phrase): TextHit | null {
  if (phrase.syllables.length === 0 || text === '') return null;
  const exact = bestExactness(findPhrase(text, phrase));
  return exact < 0 ? null : { exact, snippet: makeSnippet(text, phrase) };
}
