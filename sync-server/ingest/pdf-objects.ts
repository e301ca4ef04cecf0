/**
 * A small, tolerant reader of PDF object syntax (numbers, names, strings, arrays, dictionaries,
 * references), enough to find a PDF's streams and their dictionaries without pdf.js. It follows
 * pdf.js's lexer where that matters for which bytes are a stream: the same whitespace and
 * delimiters, `#xx` escapes in names, non-name dictionary keys skipped.
 */

/** A name (`/FlateDecode`), its `#xx` escapes decoded. */
export class PdfName {
  constructor(readonly name: string) {}
}

/** An indirect reference (`12 0 R`). */
export class PdfRef {
  constructor(
    readonly num: number,
    readonly gen: number,
  ) {}
}

/** A keyword that is not a value (`stream`, `obj`, `ID`, `>>` …). */
export class PdfCmd {
  constructor(readonly cmd: string) {}
}

/** A string, as its bytes. */
export class PdfString {
  constructor(readonly bytes: Uint8Array) {}
}

/** A dictionary; keys without the slash. */
export class PdfDict {
  readonly map = new Map<string, PdfValue>();
  get(...keys: string[]): PdfValue | undefined {
    for (const k of keys) {
      const v = this.map.get(k);
      if (v !== undefined) return v;
    }
    return undefined;
  }
}

export type PdfValue = number | boolean | null | PdfName | PdfString | PdfRef | PdfDict | PdfCmd | PdfValue[];

/** The end of the data. */
export const EOF: unique symbol = Symbol('EOF');
type Token = PdfValue | typeof EOF;

/** 1: whitespace, 2: delimiter, 0: regular — as pdf.js's lexer sees bytes. */
const CHAR_CLASS = new Uint8Array(256);
for (const c of [0x00, 0x09, 0x0a, 0x0c, 0x0d, 0x20]) CHAR_CLASS[c] = 1;
for (const c of '()<>[]{}/%') CHAR_CLASS[c.charCodeAt(0)] = 2;

export const isPdfWhitespace = (c: number): boolean => CHAR_CLASS[c] === 1;
export const isPdfRegular = (c: number): boolean => c >= 0 && CHAR_CLASS[c] === 0;

/** Keywords met in nearly every object, shared instead of allocated. */
const COMMON_COMMANDS = new Map(
  ['R', 'obj', 'endobj', 'stream', 'endstream', 'ID', 'BI', 'EI', 'xref', 'trailer'].map((c) => [
    c,
    new PdfCmd(c),
  ]),
);

/** A PDF number (`12`, `-3.5`, `.5`, `+7`, pdf.js also reads `--3`), or null when the word is not one. */
function parseNumber(d: Uint8Array, start: number, end: number): number | null {
  let p = start;
  let negative = false;
  while (p < end && (d[p] === 0x2b || d[p] === 0x2d)) {
    if (d[p] === 0x2d) negative = true;
    p++;
  }
  let value = 0;
  let digits = 0;
  while (p < end && d[p]! >= 0x30 && d[p]! <= 0x39) {
    value = value * 10 + d[p++]! - 0x30;
    digits++;
  }
  if (p < end && d[p] === 0x2e) {
    p++;
    let scale = 0.1;
    while (p < end && d[p]! >= 0x30 && d[p]! <= 0x39) {
      value += (d[p++]! - 0x30) * scale;
      scale /= 10;
      digits++;
    }
  }
  if (p !== end || digits === 0) return null;
  return negative ? -value : value;
}
const DICT_START = new PdfCmd('<<');
const DICT_END = new PdfCmd('>>');
const ARRAY_START = new PdfCmd('[');
const ARRAY_END = new PdfCmd(']');

/** Thrown when parsing has used up its work budget: the file is built to make reading it slow. */
export class ParseBudgetExceeded extends Error {
  constructor() {
    super('the PDF structure takes too much work to read');
  }
}

/** Bytes of object syntax read so far, shared by every parser of one check; stops pathological files. */
export interface ParseBudget {
  remaining: number;
}

/** Deeper nesting than this is not a real PDF (pdf.js would overflow its stack first). */
const MAX_DEPTH = 200;

export class PdfParser {
  pos: number;
  readonly #end: number;

  constructor(
    readonly data: Uint8Array,
    start: number,
    end: number = data.length,
    private readonly budget: ParseBudget = { remaining: Number.POSITIVE_INFINITY },
  ) {
    this.pos = start;
    this.#end = end;
  }

  get end(): number {
    return this.#end;
  }

  /** Skips whitespace and comments. */
  skipSpace(): void {
    const d = this.data;
    while (this.pos < this.#end) {
      const c = d[this.pos]!;
      if (CHAR_CLASS[c] === 1) this.pos++;
      else if (c === 0x25) {
        while (this.pos < this.#end && d[this.pos] !== 0x0a && d[this.pos] !== 0x0d) this.pos++;
      } else break;
    }
  }

  /** The next token: a value or a keyword (including `<<`, `>>`, `[`, `]`). */
  token(): Token {
    this.skipSpace();
    if (this.pos >= this.#end) return EOF;
    const start = this.pos;
    const token = this.#token();
    this.budget.remaining -= this.pos - start + 1;
    if (this.budget.remaining < 0) throw new ParseBudgetExceeded();
    return token;
  }

  #token(): Token {
    const d = this.data;
    const c = d[this.pos]!;
    switch (c) {
      case 0x2f: // /
        return this.#name();
      case 0x28: // (
        return this.#literalString();
      case 0x3c: // <
        if (d[this.pos + 1] === 0x3c) {
          this.pos += 2;
          return DICT_START;
        }
        return this.#hexString();
      case 0x3e: // >
        if (d[this.pos + 1] === 0x3e) {
          this.pos += 2;
          return DICT_END;
        }
        this.pos++;
        return new PdfCmd('>');
      case 0x5b:
        this.pos++;
        return ARRAY_START;
      case 0x5d:
        this.pos++;
        return ARRAY_END;
      case 0x7b:
      case 0x7d:
      case 0x29:
        this.pos++;
        return new PdfCmd(String.fromCharCode(c));
      default: {
        const start = this.pos;
        let p = start;
        while (p < this.#end && CHAR_CLASS[d[p]!] === 0) p++;
        this.pos = p;
        const n = parseNumber(d, start, p);
        if (n !== null) return n;
        const word = p - start <= 32 ? String.fromCharCode(...d.subarray(start, p)) : latin1(d, start, p);
        if (word === 'true') return true;
        if (word === 'false') return false;
        if (word === 'null') return null;
        return COMMON_COMMANDS.get(word) ?? new PdfCmd(word);
      }
    }
  }

  #name(): PdfName {
    const d = this.data;
    this.pos++;
    const bytes: number[] = [];
    while (this.pos < this.#end && CHAR_CLASS[d[this.pos]!] === 0) {
      const c = d[this.pos++]!;
      if (c === 0x23 && this.pos + 1 < this.#end) {
        const hex = Number.parseInt(latin1(d, this.pos, this.pos + 2), 16);
        if (!Number.isNaN(hex)) {
          bytes.push(hex);
          this.pos += 2;
          continue;
        }
      }
      bytes.push(c);
    }
    return new PdfName(String.fromCharCode(...bytes));
  }

  #literalString(): PdfString {
    const d = this.data;
    this.pos++;
    const out: number[] = [];
    let depth = 1;
    while (this.pos < this.#end) {
      const c = d[this.pos++]!;
      if (c === 0x28) depth++;
      else if (c === 0x29 && --depth === 0) break;
      else if (c === 0x5c) {
        const e = d[this.pos++];
        if (e === undefined) break;
        switch (e) {
          case 0x6e:
            out.push(0x0a);
            continue;
          case 0x72:
            out.push(0x0d);
            continue;
          case 0x74:
            out.push(0x09);
            continue;
          case 0x62:
            out.push(0x08);
            continue;
          case 0x66:
            out.push(0x0c);
            continue;
          case 0x0d:
            if (d[this.pos] === 0x0a) this.pos++;
            continue;
          case 0x0a:
            continue;
          default:
            if (e >= 0x30 && e <= 0x37) {
              let v = e - 0x30;
              for (let i = 0; i < 2 && d[this.pos]! >= 0x30 && d[this.pos]! <= 0x37; i++) {
                v = v * 8 + d[this.pos++]! - 0x30;
              }
              out.push(v & 0xff);
            } else out.push(e);
            continue;
        }
      }
      out.push(c);
    }
    return new PdfString(Uint8Array.from(out));
  }

  #hexString(): PdfString {
    const d = this.data;
    this.pos++;
    const out: number[] = [];
    let first = -1;
    while (this.pos < this.#end) {
      const c = d[this.pos++]!;
      if (c === 0x3e) break;
      const v = hexValue(c);
      if (v < 0) continue;
      if (first < 0) first = v;
      else {
        out.push((first << 4) | v);
        first = -1;
      }
    }
    if (first >= 0) out.push(first << 4);
    return new PdfString(Uint8Array.from(out));
  }

  /** The next value; `N G R` becomes a reference. Returns a keyword as a PdfCmd, EOF at the end. */
  value(depth = 0): Token {
    return this.#valueFrom(this.token(), depth);
  }

  #valueFrom(t: Token, depth: number): Token {
    if (depth > MAX_DEPTH) throw new ParseBudgetExceeded();
    if (t === DICT_START) return this.#dict(depth);
    if (t === ARRAY_START) {
      const items: PdfValue[] = [];
      for (;;) {
        const next = this.token();
        if (next === EOF || next === ARRAY_END) return items;
        const v = this.#valueFrom(next, depth + 1);
        if (v === EOF) return items;
        items.push(v);
      }
    }
    if (typeof t === 'number' && Number.isInteger(t) && t >= 0) return this.#refAfter(t) ?? t;
    return t;
  }

  /** `G R` right after the integer `num`, as a reference (position after it), or null (position unchanged). */
  #refAfter(num: number): PdfRef | null {
    const d = this.data;
    const end = this.#end;
    let p = this.pos;
    while (p < end && CHAR_CLASS[d[p]!] === 1) p++;
    const genStart = p;
    while (p < end && d[p]! >= 0x30 && d[p]! <= 0x39) p++;
    if (p === genStart || p - genStart > 10 || (p < end && CHAR_CLASS[d[p]!] === 0)) return null;
    const genEnd = p;
    while (p < end && CHAR_CLASS[d[p]!] === 1) p++;
    if (d[p] !== 0x52 || (p + 1 < end && CHAR_CLASS[d[p + 1]!] === 0)) return null;
    this.pos = p + 1;
    return new PdfRef(num, Number(String.fromCharCode(...d.subarray(genStart, genEnd))));
  }

  #dict(depth: number): PdfDict {
    const dict = new PdfDict();
    for (;;) {
      const key = this.token();
      if (key === EOF || key === DICT_END) return dict;
      // pdf.js skips what cannot be a key and carries on.
      if (!(key instanceof PdfName)) continue;
      const save = this.pos;
      const v = this.#valueFrom(this.token(), depth + 1);
      if (v === EOF) return dict;
      if (v === DICT_END) {
        this.pos = save;
        continue;
      }
      dict.map.set(key.name, v);
    }
  }

  /** Whether the next token is the keyword `word` (position unchanged when it is not). */
  keyword(word: string): boolean {
    const save = this.pos;
    const t = this.token();
    if (t instanceof PdfCmd && t.cmd === word) return true;
    this.pos = save;
    return false;
  }
}

export function hexValue(c: number): number {
  if (c >= 0x30 && c <= 0x39) return c - 0x30;
  if ((c >= 0x41 && c <= 0x46) || (c >= 0x61 && c <= 0x66)) return (c & 0x0f) + 9;
  return -1;
}

export function latin1(d: Uint8Array, start: number, end: number): string {
  return Buffer.from(d.buffer, d.byteOffset + start, Math.max(0, end - start)).toString('latin1');
}

/** Whether `d` holds the ASCII `word` at `at`. */
export function bytesAt(d: Uint8Array, at: number, word: string): boolean {
  if (at < 0 || at + word.length > d.length) return false;
  for (let i = 0; i < word.length; i++) if (d[at + i] !== word.charCodeAt(i)) return false;
  return true;
}

export const asName = (v: PdfValue | undefined): string | undefined =>
  v instanceof PdfName ? v.name : undefined;

export const asInt = (v: PdfValue | undefined): number | undefined =>
  typeof v === 'number' && Number.isInteger(v) ? v : undefined;
