import type { FontSet } from '../fonts';

/**
 * Text holds characters the document's font cannot draw (an emoji, a Chinese character pasted
 * into the minutes): the PDF would show empty boxes in their place, so it is not made.
 */
export class UnsupportedCharactersError extends Error {
  override readonly name = 'UnsupportedCharactersError';
  constructor(readonly chars: string) {
    super(`the text holds characters the font cannot print: ${chars}`);
  }
}

/** Every string inside a value (the export model: a few levels of plain objects and arrays). */
function* stringsOf(value: unknown, depth = 0): Generator<string> {
  if (depth > 12) return;
  if (typeof value === 'string') yield value;
  else if (Array.isArray(value)) for (const v of value) yield* stringsOf(v, depth + 1);
  else if (value !== null && typeof value === 'object')
    for (const v of Object.values(value)) yield* stringsOf(v, depth + 1);
}

/** Throws {@link UnsupportedCharactersError} naming (up to 10 of) the characters the regular face lacks. */
export function requireGlyphs(fonts: FontSet, value: unknown): void {
  const covered = new Set(fonts.font('r').getCharacterSet());
  const missing = new Set<string>();
  for (const text of stringsOf(value)) {
    for (const ch of text.normalize('NFC')) {
      const cp = ch.codePointAt(0) ?? 0;
      // Line breaks and other controls are never drawn.
      if (cp < 0x20 || (cp >= 0x7f && cp < 0xa0) || covered.has(cp)) continue;
      missing.add(ch);
      if (missing.size >= 10) break;
    }
  }
  if (missing.size > 0) throw new UnsupportedCharactersError([...missing].join(' '));
}
