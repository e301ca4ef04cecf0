import { SNIPPET_MARK_END, SNIPPET_MARK_START } from '#common/schemas/document';
import { foldVietnamese } from './fold';

/** Snippet length in characters, before the ellipses. */
export const SNIPPET_LENGTH = 160;

/** A word of the original text that matches a query term (offsets into the original). */
export interface WordMatch {
  readonly start: number;
  readonly end: number;
  /** Index of the first query term it matches. */
  readonly term: number;
}

/** Words of `text` that start with one of the folded `terms`, in order. */
export function findMatches(text: string, terms: readonly string[]): WordMatch[] {
  const folded = foldVietnamese(text);
  const matches: WordMatch[] = [];
  if (terms.length === 0) return matches;
  for (const m of folded.matchAll(/[\p{L}\p{N}\p{M}]+/gu)) {
    const bare = m[0].replace(/\p{M}/gu, '');
    const term = terms.findIndex((t) => bare.startsWith(t));
    if (term >= 0) matches.push({ start: m.index, end: m.index + m[0].length, term });
  }
  return matches;
}

/**
 * About {@link SNIPPET_LENGTH} characters of the ORIGINAL text around the first match, with
 * every matched word wrapped in SNIPPET_MARK_START … SNIPPET_MARK_END. Of the matches, the
 * first one followed closely by the most different query terms wins (so "bien ban" shows the
 * place where both words are, if there is one). Whitespace is collapsed to single spaces, the
 * window does not cut words, and '…' marks text left out at either end.
 */
export function makeSnippet(text: string, terms: readonly string[], length = SNIPPET_LENGTH): string {
  const matches = findMatches(text, terms);
  let anchor = 0;
  if (matches.length > 0) {
    let best = -1;
    for (const m of matches) {
      const near = new Set(
        matches.filter((o) => o.start >= m.start && o.end <= m.start + length * 0.6).map((o) => o.term),
      );
      if (near.size > best) {
        best = near.size;
        anchor = m.start;
      }
      if (best === terms.length) break;
    }
  }
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
