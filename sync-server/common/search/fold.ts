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
  const table = foldTable();
  const out = new Uint16Array(text.length);
  for (let i = 0; i < text.length; i++) out[i] = table[text.charCodeAt(i)]!;
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

let table: Uint16Array | null = null;

/** Folded value of every BMP code unit, built once on first use (some 20 ms, 128 KiB). */
function foldTable(): Uint16Array {
  if (table) return table;
  const t = new Uint16Array(0x10000);
  for (let c = 0; c < 0x10000; c++) t[c] = foldUnit(c);
  table = t;
  return t;
}

const COMBINING = /\p{M}/u;
const ONLY_COMBINING = /^\p{M}+$/u;

function foldUnit(c: number): number {
  if (c < 0x80) return c >= 0x41 && c <= 0x5a ? c + 0x20 : c;
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
