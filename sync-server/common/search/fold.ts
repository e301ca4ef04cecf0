/**
 * Diacritic folding for Vietnamese search: "Biên Bản" → "bien ban", "ĐỒNG" → "dong".
 *
 * Every UTF-16 code unit of the input becomes exactly one code unit of the output, so an
 * offset found in the folded text is the same offset in the original — that is how snippets
 * are cut from the original text around matches found in the folded one. Characters that
 * cannot fold to a single unit (surrogate halves, lone combining marks, Hangul syllables…)
 * are kept as they are; the FTS5 unicode61 tokenizer drops combining marks inside tokens.
 */
export function foldVietnamese(text: string): string {
  const out = new Uint16Array(text.length);
  for (let i = 0; i < text.length; i++) out[i] = foldedUnit(text.charCodeAt(i));
  // In chunks: String.fromCharCode with a huge argument list overflows the stack.
  let result = '';
  for (let i = 0; i < out.length; i += CHUNK) {
    result += String.fromCharCode(...out.subarray(i, i + CHUNK));
  }
  return result;
}

const CHUNK = 8192;

/** Letters that look like D with a stroke: Vietnamese đ/Đ, and the Icelandic eth that legacy encodings put in their place. */
const D_WITH_STROKE = new Set([0x0110, 0x0111, 0x00d0, 0x00f0, 0x0189, 0x0256]);

/**
 * Folded values of the BMP code units seen so far (0: not yet worked out; no unit but U+0000
 * folds to 0, and that one is ASCII). Filled as units are met, not all at once: working out
 * all 65,536 took 67 ms of Chromium's main thread on the 2-core test box, at the viewer's
 * first open (its find bar folds the empty query), for a table a reader's texts use a few
 * hundred of.
 */
const table = new Uint16Array(0x10000);

function foldedUnit(c: number): number {
  if (c < 0x80) return c >= 0x41 && c <= 0x5a ? c + 0x20 : c;
  const known = table[c]!;
  if (known !== 0) return known;
  const folded = foldUnit(c);
  table[c] = folded;
  return folded;
}

const COMBINING = /\p{M}/u;
const ONLY_COMBINING = /^\p{M}+$/u;

/** The folded value of one non-ASCII UTF-16 code unit. */
function foldUnit(c: number): number {
  if (c >= 0xd800 && c <= 0xdfff) return c;
  if (D_WITH_STROKE.has(c)) return 0x64;
  const ch = String.fromCharCode(c);
  if (COMBINING.test(ch)) return c;
  let base = ch;
  const decomposed = ch.normalize('NFD');
  // Only "letter + marks" decompositions: Hangul syllables decompose into letters, not marks.
  if (decomposed.length > 1 && ONLY_COMBINING.test(decomposed.slice(1))) base = decomposed[0]!;
  const lower = base.toLowerCase();
  if (lower.length === 1) return lower.charCodeAt(0);
  const plain = ch.toLowerCase();
  return plain.length === 1 ? plain.charCodeAt(0) : c;
}
