/**
 * Measures a Yjs update (the V1 encoding y-websocket carries) without building anything from
 * it: one pass over the bytes, no Item, no ID, no string and no JSON value is created. The
 * hub uses the measure to decide, before any Yjs code sees an untrusted update, whether the
 * document and the device may grow by that much (budgets.ts).
 *
 * The walk follows Yjs 13's own reader (`readClientsStructRefs`, `readItemContent`,
 * `readDeleteSet`, lib0's `readAny`) field by field, so it counts exactly the structs Yjs would
 * read, and it refuses what Yjs could not read: a truncated update, an unknown content or type
 * reference, an unknown `any` tag. What it does not check (the JSON inside embeds and formats)
 * makes Yjs throw later, in the worker, before anything is integrated.
 */

/** What one update would bring into a document at most. */
export interface UpdateMeasure {
  /** Encoded size. */
  readonly bytes: number;
  /**
   * Structs (items, GC and skip ranges): each becomes at most one struct of the document, and
   * Yjs builds one object for each while reading. Merging with neighbours can only make fewer.
   */
  readonly structs: number;
  /** Client sections of the struct part (one per client whose structs it carries). */
  readonly clients: number;
  /** Ranges in the delete set. */
  readonly deleteRanges: number;
  /** Items that embed a subdocument (`ContentDoc`); the room's documents have none. */
  readonly subdocuments: number;
}

/** The update is not one Yjs could read. */
export class MalformedUpdate extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'MalformedUpdate';
  }
}

/**
 * Deepest nesting of `any` values (arrays and objects in map entries and array items) that is
 * measured. lib0 reads them recursively and runs out of stack a few thousand levels down; no
 * document of the room nests more than a handful, so deeper is refused as malformed.
 */
export const MAX_ANY_DEPTH = 256;

/** Yjs content references (the low five bits of an item's info byte). */
const Content = {
  gc: 0,
  deleted: 1,
  json: 2,
  binary: 3,
  string: 4,
  embed: 5,
  format: 6,
  type: 7,
  any: 8,
  doc: 9,
  skip: 10,
} as const;

/** Type references of `ContentType` whose reader takes a key (YXmlElement, YXmlHook). */
const TYPE_REFS = 7;
const TYPE_REFS_WITH_KEY = new Set([3, 5]);

/** A cursor over the update; every read checks the end. */
class Reader {
  pos = 0;
  constructor(readonly bytes: Uint8Array) {}

  byte(): number {
    if (this.pos >= this.bytes.length) throw new MalformedUpdate('unexpected end of update');
    return this.bytes[this.pos++]!;
  }

  /** lib0 `readVarUint`: at most a safe integer. */
  varUint(): number {
    let num = 0;
    let mult = 1;
    for (;;) {
      const r = this.byte();
      num += (r & 0x7f) * mult;
      if (r < 0x80) return num;
      mult *= 128;
      if (num > Number.MAX_SAFE_INTEGER) throw new MalformedUpdate('integer out of range');
    }
  }

  /** lib0 `readVarInt`: the first byte holds a sign bit and six value bits. */
  skipVarInt(): void {
    let r = this.byte();
    let n = 0;
    while (r & 0x80) {
      r = this.byte();
      if (++n > 8) throw new MalformedUpdate('integer out of range');
    }
  }

  skip(length: number): void {
    if (length > this.bytes.length - this.pos) throw new MalformedUpdate('unexpected end of update');
    this.pos += length;
  }

  /** A length-prefixed string or byte array, not decoded. */
  skipVarBytes(): void {
    this.skip(this.varUint());
  }
}

/**
 * Skips one lib0 `any` value without building it. Nesting is followed with a small explicit
 * stack (counts of values still to read, negative for an object's entries, whose keys come
 * first), bounded by MAX_ANY_DEPTH.
 */
function skipAny(r: Reader): void {
  const stack: number[] = [];
  for (;;) {
    const tag = r.byte();
    switch (tag) {
      case 127: // undefined
      case 126: // null
      case 121: // false
      case 120: // true
        break;
      case 125:
        r.skipVarInt();
        break;
      case 124:
        r.skip(4);
        break;
      case 123: // float64
      case 122: // bigint64
        r.skip(8);
        break;
      case 119: // string
      case 116: // Uint8Array
        r.skipVarBytes();
        break;
      case 118: // object: n × (key, value)
      case 117: {
        // array: n × value
        const n = r.varUint();
        if (n > 0) {
          if (stack.length >= MAX_ANY_DEPTH) throw new MalformedUpdate('values nested too deeply');
          stack.push(tag === 118 ? -n : n);
        }
        break;
      }
      default:
        throw new MalformedUpdate(`unknown value tag ${tag}`);
    }
    // Find the next value to read: the innermost container with values left, reading the key
    // first when it is an object; done when no container is left.
    for (;;) {
      const top = stack.length - 1;
      if (top < 0) return;
      const left = stack[top]!;
      if (left === 0) {
        stack.pop();
        continue;
      }
      if (left < 0) {
        r.skipVarBytes(); // the key
        stack[top] = left + 1;
      } else {
        stack[top] = left - 1;
      }
      break;
    }
  }
}

/** Skips an item's content (after its info byte and origins), as `readItemContent` reads it. */
function skipContent(r: Reader, ref: number): { subdocument: boolean } {
  switch (ref) {
    case Content.deleted:
      r.varUint();
      break;
    case Content.json: {
      const n = r.varUint();
      for (let i = 0; i < n; i++) r.skipVarBytes();
      break;
    }
    case Content.binary:
    case Content.string:
    case Content.embed:
      r.skipVarBytes();
      break;
    case Content.format:
      r.skipVarBytes();
      r.skipVarBytes();
      break;
    case Content.type: {
      const typeRef = r.varUint();
      if (typeRef >= TYPE_REFS) throw new MalformedUpdate(`unknown type reference ${typeRef}`);
      if (TYPE_REFS_WITH_KEY.has(typeRef)) r.skipVarBytes();
      break;
    }
    case Content.any: {
      const n = r.varUint();
      for (let i = 0; i < n; i++) skipAny(r);
      break;
    }
    case Content.doc:
      r.skipVarBytes(); // guid
      skipAny(r); // options
      return { subdocument: true };
    default:
      throw new MalformedUpdate(`unknown content reference ${ref}`);
  }
  return { subdocument: false };
}

/**
 * Measures a V1 update. Throws MalformedUpdate for anything Yjs could not read; the walk is
 * linear in the update's size and allocates nothing that grows with it (past MAX_ANY_DEPTH).
 */
export function measureUpdate(update: Uint8Array): UpdateMeasure {
  const r = new Reader(update);
  let structs = 0;
  let subdocuments = 0;
  const clients = r.varUint();
  for (let c = 0; c < clients; c++) {
    const count = r.varUint();
    r.varUint(); // client
    r.varUint(); // first clock
    for (let i = 0; i < count; i++) {
      const info = r.byte();
      const ref = info & 0x1f;
      if (ref === Content.gc || ref === Content.skip) {
        r.varUint(); // length
      } else {
        if (info & 0x80) {
          r.varUint(); // origin client
          r.varUint(); // origin clock
        }
        if (info & 0x40) {
          r.varUint(); // right origin
          r.varUint();
        }
        if ((info & 0xc0) === 0) {
          // No origins: the parent is written out, a root type's name or an item's ID.
          if (r.varUint() === 1) {
            r.skipVarBytes();
          } else {
            r.varUint();
            r.varUint();
          }
          if (info & 0x20) r.skipVarBytes(); // the map key
        }
        if (skipContent(r, ref).subdocument) subdocuments++;
      }
      structs++;
    }
  }
  let deleteRanges = 0;
  const dsClients = r.varUint();
  for (let c = 0; c < dsClients; c++) {
    r.varUint(); // client
    const n = r.varUint();
    for (let i = 0; i < n; i++) {
      r.varUint(); // clock
      r.varUint(); // length
    }
    deleteRanges += n;
  }
  return { bytes: update.length, structs, clients, deleteRanges, subdocuments };
}
