import type { Face } from './fonts';

/** A piece of text in one face. */
export interface Run {
  readonly text: string;
  readonly face: Face;
}

/** Text to lay out: a plain string (in the caller's face) or styled runs. */
export type Text = string | readonly Run[];

/**
 * Unicode NFC. Vietnamese typed on some keyboards (or pasted from older documents) comes
 * decomposed: a base letter plus combining marks. Composed letters map to one glyph each,
 * measure correctly and extract as the same characters the search index folds.
 */
export function nfc(text: string): string {
  return text.normalize('NFC');
}

/**
 * The runs of `text`, NFC-normalised, without empty runs, neighbours of the same face
 * merged. A plain string becomes one run in `face`.
 */
export function toRuns(text: Text, face: Face = 'r'): Run[] {
  const source = typeof text === 'string' ? [{ text, face }] : text;
  const out: { text: string; face: Face }[] = [];
  for (const run of source) {
    if (run.text === '') continue;
    const prev = out[out.length - 1];
    if (prev && prev.face === run.face) prev.text += run.text;
    else out.push({ text: run.text, face: run.face });
  }
  return out.map((run) => ({ text: nfc(run.text), face: run.face }));
}

/** The plain characters of `text`. */
export function plainText(text: Text): string {
  return nfc(typeof text === 'string' ? text : text.map((run) => run.text).join(''));
}

function withBold(face: Face): Face {
  if (face === 'i' || face === 'bi') return 'bi';
  return face === 'm' ? 'm' : 'b';
}

function withItalic(face: Face): Face {
  if (face === 'b' || face === 'bi') return 'bi';
  return face === 'm' ? 'm' : 'i';
}

/**
 * Parses the inline markup of hand-written document texts: `**bold**`, `*italic*` and
 * `***bold italic***`, on top of the `base` face (italic inside a bold paragraph is bold
 * italic). Only for trusted texts: a name with an asterisk would be misread.
 */
export function parseMarkup(text: string, base: Face = 'r'): Run[] {
  const out: Run[] = [];
  const re = /\*\*\*(.+?)\*\*\*|\*\*(.+?)\*\*|\*(.+?)\*/g;
  let last = 0;
  for (let m = re.exec(text); m !== null; m = re.exec(text)) {
    if (m.index > last) out.push({ text: text.slice(last, m.index), face: base });
    if (m[1] !== undefined) out.push({ text: m[1], face: withItalic(withBold(base)) });
    else if (m[2] !== undefined) out.push({ text: m[2], face: withBold(base) });
    else if (m[3] !== undefined) out.push({ text: m[3], face: withItalic(base) });
    last = m.index + m[0].length;
  }
  if (last < text.length) out.push({ text: text.slice(last), face: base });
  return toRuns(out);
}
