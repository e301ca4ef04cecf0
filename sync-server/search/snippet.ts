import { SNIPPET_MARK_END, SNIPPET_MARK_START } from '#common/schemas/document';
import { findPhrase, type Phrase, type PhraseMatch } from '#common/search/phrase';

/** Snippet length in characters, before the ellipses. */
export const SNIPPET_LENGTH = 160;

/** A syllable of the original text that is part of a match of the phrase (offsets into the original). */
export interface WordMatch {
  readonly start: number;
  readonly end: number;
}

/** The syllables of every place in `text` where the phrase stands, in order. */
export function findMatches(text: string, phrase: Phrase): WordMatch[] {
  return findPhrase(text, phrase).flatMap((m) => m.words);
}

/** The match a snippet shows: the first of those with the most syllables typed exactly. */
function anchorMatch(matches: readonly PhraseMatch[]): PhraseMatch | undefined {
  let best: PhraseMatch | undefined;
  for (const m of matches) if (best === undefined || m.exact > best.exact) best = m;
  return best;
}

/**
 * About {@link SNIPPET_LENGTH} characters of the ORIGINAL text around a match of the phrase,
 * with every syllable of every match in the window wrapped in SNIPPET_MARK_START …
 * SNIPPET_MARK_END. The window is placed around the first match with the most syllables typed
 * with exactly their diacritics (so "Thái Nguyên" shows "Thái Nguyên", not "thai nguyen", when
 * the page has both). Whitespace is collapsed to single spaces, the window does not cut words,
 * and '…' marks text left out at either end.
 */
export function makeSnippet(text: string, phrase: Phrase, length = SNIPPET_LENGTH): string {
  const found = findPhrase(text, phrase);
  const matches = found.flatMap((m) => m.words);
  const anchor = anchorMatch(found)?.start ?? 0;
  let start = Math.max(0, anchor - Math.floor(length / 4));
  if (start > 0) start = snapForward(text, start, anchor);
  let end = Math.min(text.length, start + length);
  if (end < text.length) end = snapBack(text, end, anchor);

  let out = '';
  let pos = start;
  for (const m of matches) {
    if (m.start < start || m.end > end) continue;
    out +=
      clean(text.slice(pos, m.start)) +
      SNIPPET_MARK_START +
      clean(text.slice(m.start, m.end)) +
      SNIPPET_MARK_END;
    pos = m.end;
  }
  out += clean(text.slice(pos, end));
  out = out.replace(/\s+/g, ' ');
  if (start === 0) out = out.trimStart();
  if (end === text.length) out = out.trimEnd();
  return `${start > 0 ? '…' : ''}${out.trim()}${end < text.length ? '…' : ''}`;
}

/** The original text must not contain our markers (or other controls) itself. */
function clean(s: string): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: markers and controls are removed on purpose
  return s.replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/g, '');
}

/** Moves a window start forward to the next word start, but never past `limit`. */
function snapForward(text: string, i: number, limit: number): number {
  if (/\s/.test(text[i - 1] ?? ' ')) return i;
  for (let j = i; j < limit; j++) if (/\s/.test(text[j]!)) return j + 1;
  return fixSurrogate(text, i);
}

/** Moves a window end back to the previous word end, but never before `limit`. */
function snapBack(text: string, i: number, limit: number): number {
  if (/\s/.test(text[i] ?? ' ')) return i;
  for (let j = i; j > limit; j--) if (/\s/.test(text[j - 1]!)) return j - 1;
  return fixSurrogate(text, i);
}

/** Never split a surrogate pair. */
function fixSurrogate(text: string, i: number): number {
  const c = text.charCodeAt(i);
  return c >= 0xdc00 && c <= 0xdfff ? i - 1 : i;
}
