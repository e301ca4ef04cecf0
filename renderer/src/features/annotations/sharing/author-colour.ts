/**
 * The colour other people's shared annotations are drawn in: one per author, the same on every
 * device and in every session (a hash of the author's id picks it), so "the blue notes are
 * Mr. Nam's" holds for the whole meeting. Distinct hues, dark enough for white text on them and
 * light enough to highlight through.
 */
export const AUTHOR_COLOURS = [
  '#1f77b4',
  '#d62728',
  '#2ca02c',
  '#9467bd',
  '#e377c2',
  '#ff7f0e',
  '#17becf',
  '#8c564b',
  '#bcbd22',
  '#3949ab',
  '#00897b',
  '#c2185b',
] as const;

/** FNV-1a over the id's UTF-16 code units: tiny, stable, well spread for short ids. */
function hash(id: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < id.length; i++) {
    h ^= id.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** The colour of an author, as `#rrggbb`. */
export function authorColour(authorId: string): string {
  return AUTHOR_COLOURS[hash(authorId) % AUTHOR_COLOURS.length] as string;
}

/** One or two letters for an avatar: the initial of the last two words of a name ("Nguyễn Văn Nam" → "VN"). */
export function initials(name: string): string {
  const words = name.trim().split(/\s+/u).filter(Boolean);
  if (words.length === 0) return '?';
  const picked = words.length === 1 ? words : words.slice(-2);
  return picked.map((w) => (Array.from(w)[0] ?? '').toLocaleUpperCase('vi')).join('');
}
