import type { Face, FontSet } from './fonts';
import { type Run, type Text, toRuns } from './text-runs';

/** An unbreakable unit: one or more runs (a face change inside a word) drawn without a break. */
export interface Word {
  readonly runs: readonly Run[];
  readonly width: number;
  /** A space separates this word from the previous one (false for the pieces of a cut word). */
  readonly spaced: boolean;
}

/** One laid-out line. `width` includes the spaces between words, at their natural width. */
export interface Line {
  readonly words: readonly Word[];
  readonly width: number;
}

/** How to break text into lines. */
export interface BreakOptions {
  /** Font size in points. */
  size: number;
  /** Width available to every line but the first. */
  width: number;
  /** Width available to the first line (less than `width` with a first-line indent). */
  firstWidth?: number;
  /** Past this many lines the text is cut and the last line ends in "…". */
  maxLines?: number;
}

/**
 * Where a line may break: runs of white space, except the no-break spaces, which hold
 * blanks together ("Số:        /KH-UBND", "ngày        tháng 12").
 */
const BREAKABLE_SPACE = /[^\S\u00a0\u2007\u202f]+/;

/**
 * A dash standing alone ("kinh tế - xã hội", "2026 - 2030", the "- " of a list line) never
 * ends or starts a line: it is kept with the words on both sides.
 */
const LONE_DASH = /^[-–]$/;

const EPSILON = 0.01;

const graphemes = new Intl.Segmenter('vi', { granularity: 'grapheme' });

/** Width of the space after `word`: a space is drawn in the face of the text before it. */
export function spaceAfter(word: Word, fonts: FontSet, size: number): number {
  const last = word.runs[word.runs.length - 1];
  return fonts.width(' ', last?.face ?? 'r', size);
}

function runsWidth(runs: readonly Run[], fonts: FontSet, size: number): number {
  return runs.reduce((sum, run) => sum + fonts.width(run.text, run.face, size), 0);
}

function appendRun(runs: Run[], text: string, face: Face): void {
  const prev = runs[runs.length - 1];
  if (prev && prev.face === face) runs[runs.length - 1] = { text: prev.text + text, face };
  else runs.push({ text, face });
}

/** Splits `text` into words; `face` is the face of plain-string text. */
export function toWords(text: Text, fonts: FontSet, size: number, face: Face = 'r'): Word[] {
  const tokens: { text: string; face: Face; spaced: boolean }[] = [];
  let pendingSpace = false;
  for (const run of toRuns(text, face)) {
    run.text.split(BREAKABLE_SPACE).forEach((part, i) => {
      if (i > 0) pendingSpace = true;
      if (part === '') return;
      tokens.push({ text: part, face: run.face, spaced: pendingSpace && tokens.length > 0 });
      pendingSpace = false;
    });
  }
  const words: { runs: Run[]; spaced: boolean }[] = [];
  let glueNext = false;
  for (const token of tokens) {
    const prev = words[words.length - 1];
    const dash = LONE_DASH.test(token.text) && (token.spaced || words.length === 0);
    if (prev && (!token.spaced || glueNext || dash)) {
      // The glued space keeps the face of the text before it, as between words.
      if (token.spaced) appendRun(prev.runs, ' ', prev.runs[prev.runs.length - 1]?.face ?? token.face);
      appendRun(prev.runs, token.text, token.face);
    } else {
      words.push({ runs: [{ text: token.text, face: token.face }], spaced: token.spaced });
    }
    glueNext = dash;
  }
  return words.map((w) => ({ ...w, width: runsWidth(w.runs, fonts, size) }));
}

/**
 * Cuts a word wider than `limit` (a long address, a URL) into pieces that fit, between
 * grapheme clusters so that a letter never loses its diacritics.
 */
function cutWord(word: Word, limit: number, fonts: FontSet, size: number): Word[] {
  if (word.width <= limit + EPSILON) return [word];
  const pieces: Word[] = [];
  let runs: Run[] = [];
  let width = 0;
  for (const run of word.runs) {
    for (const { segment } of graphemes.segment(run.text)) {
      const w = fonts.width(segment, run.face, size);
      if (runs.length > 0 && width + w > limit + EPSILON) {
        pieces.push({ runs, width, spaced: pieces.length === 0 && word.spaced });
        runs = [];
        width = 0;
      }
      appendRun(runs, segment, run.face);
      width += w;
    }
  }
  if (runs.length > 0) pieces.push({ runs, width, spaced: pieces.length === 0 && word.spaced });
  return pieces;
}

/** Lays `words` out on one line, however wide. */
export function lineOf(words: readonly Word[], fonts: FontSet, size: number): Line {
  let width = 0;
  words.forEach((word, i) => {
    const prev = words[i - 1];
    if (prev && word.spaced) width += spaceAfter(prev, fonts, size);
    width += word.width;
  });
  return { words, width };
}

/** The text of a line as runs, with the spaces between its words. */
export function lineRuns(line: Line): Run[] {
  const runs: Run[] = [];
  line.words.forEach((word, i) => {
    const prev = runs[runs.length - 1];
    if (i > 0 && word.spaced && prev) appendRun(runs, ' ', prev.face);
    for (const run of word.runs) appendRun(runs, run.text, run.face);
  });
  return runs;
}

/** The plain text of a line. */
export function lineText(line: Line): string {
  return lineRuns(line)
    .map((run) => run.text)
    .join('');
}

/** Shortens `line` until it fits `width` with a "…" at its end. */
function ellipsize(line: Line, width: number, fonts: FontSet, size: number): Line {
  const runs = lineRuns(line);
  for (;;) {
    const last = runs[runs.length - 1];
    const face = last?.face ?? 'r';
    const candidate = [...runs.slice(0, -1), { text: `${(last?.text ?? '').trimEnd()}…`, face }];
    const result = lineOf(toWords(candidate, fonts, size), fonts, size);
    if (!last || result.width <= width + EPSILON) return result;
    const kept = [...graphemes.segment(last.text)].slice(0, -1).map((g) => g.segment);
    if (kept.length > 0) runs[runs.length - 1] = { text: kept.join(''), face };
    else runs.pop();
  }
}

/**
 * Greedy line breaking by measured width: words break only at spaces, a word wider than
 * the line is cut between letters, and every word of the text appears once, in order.
 */
export function breakLines(text: Text, fonts: FontSet, options: BreakOptions, face: Face = 'r'): Line[] {
  const { size, width } = options;
  const firstWidth = options.firstWidth ?? width;
  const limit = Math.min(width, firstWidth);
  const words = toWords(text, fonts, size, face).flatMap((word) => cutWord(word, limit, fonts, size));
  const lines: Line[] = [];
  let current: Word[] = [];
  let currentWidth = 0;
  for (const word of words) {
    const available = lines.length === 0 ? firstWidth : width;
    const prev = current[current.length - 1];
    const gap = prev && word.spaced ? spaceAfter(prev, fonts, size) : 0;
    if (prev && currentWidth + gap + word.width > available + EPSILON) {
      lines.push({ words: current, width: currentWidth });
      current = [word];
      currentWidth = word.width;
    } else {
      current.push(word);
      currentWidth += gap + word.width;
    }
  }
  if (current.length > 0) lines.push({ words: current, width: currentWidth });

  const maxLines = options.maxLines ?? Number.POSITIVE_INFINITY;
  if (lines.length <= maxLines) return lines;
  const kept = lines.slice(0, Math.max(1, maxLines));
  const last = kept.length - 1;
  const lastLine = kept[last];
  if (lastLine) kept[last] = ellipsize(lastLine, last === 0 ? firstWidth : width, fonts, size);
  return kept;
}
