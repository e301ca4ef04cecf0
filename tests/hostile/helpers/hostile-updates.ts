/**
 * Valid Yjs updates that cost a server far more than their size, made by the tests themselves:
 * what a delegate's laptop can send into its own annotation layer. Shared by the hostile suite
 * and tests/bench/yjs-budgets.ts.
 */
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import * as syncProtocol from 'y-protocols/sync';
import * as Y from 'yjs';

/** y-websocket message types. */
const SYNC = 0;
const AWARENESS = 1;

export interface MapBombOptions {
  /** The attacker's Yjs client id. */
  readonly client: number;
  /** First clock of this frame: the previous frame's end (0 for the first). */
  readonly clock: number;
  /** Map entries in the frame. */
  readonly entries: number;
  /** Bytes of each key (at least 8): 9 gives the 3.7 MiB for 220,000 entries. */
  readonly keyBytes?: number;
  /** Keys start with this, so frames never overwrite each other (default `f<clock>-`). */
  readonly prefix?: string;
  /** The root map's name. */
  readonly root?: string;
}

/**
 * One update of `entries` tiny map entries (`root[key] = 0`), encoded directly in Yjs's V1
 * format: building it through a Y.Doc would take the test seconds per frame. Each entry is a
 * separate item of the document, so the frame's cost on a server is the entry count, not its
 * bytes (about 17 bytes an entry).
 */
export function mapBomb(o: MapBombOptions): Uint8Array {
  const root = o.root ?? 'a';
  const keyBytes = Math.max(8, o.keyBytes ?? 9);
  const prefix = o.prefix ?? `f${o.clock.toString(36)}-`;
  const e = encoding.createEncoder();
  encoding.writeVarUint(e, 1); // one client section
  encoding.writeVarUint(e, o.entries);
  encoding.writeVarUint(e, o.client);
  encoding.writeVarUint(e, o.clock);
  for (let i = 0; i < o.entries; i++) {
    encoding.writeUint8(e, 8 | 0x20); // ContentAny, with a map key, no origins
    encoding.writeVarUint(e, 1); // parent is a root type …
    encoding.writeVarString(e, root); // … of this name
    const key = prefix + i.toString(36);
    encoding.writeVarString(e, key.padEnd(keyBytes, '0'));
    encoding.writeVarUint(e, 1); // one value
    encoding.writeUint8(e, 125); // varInt
    encoding.writeVarInt(e, 0);
  }
  encoding.writeVarUint(e, 0); // empty delete set
  return encoding.toUint8Array(e);
}

/**
 * Two updates a laptop can write into its own layer that together take a server time that
 * grows with the square of `n`: `base` puts one item X into the array `a`; `first` then adds n
 * items from one client, `second` n from another, every one of them inserted right after X (as
 * two devices prepending to a list at the same time would). Integrating each item of `second`
 * walks past every item of `first` (Yjs's conflict resolution), so n = 8,000 — two 80 KB
 * frames, far within any byte or item budget — keeps a server's thread busy for tens of seconds.
 */
export function conflictBomb(n: number, clients: { base: number; first: number; second: number }) {
  const base = new Y.Doc();
  base.clientID = clients.base;
  base.getArray('a').insert(0, ['X']);
  const baseUpdate = Y.encodeStateAsUpdate(base);
  const prepend = (client: number): Uint8Array => {
    const d = new Y.Doc();
    d.clientID = client;
    Y.applyUpdate(d, baseUpdate);
    const a = d.getArray('a');
    d.transact(() => {
      for (let i = 0; i < n; i++) a.insert(1, [i]);
    });
    return Y.encodeStateAsUpdate(d, Y.encodeStateVector(base));
  };
  return { base: baseUpdate, first: prepend(clients.first), second: prepend(clients.second) };
}

/** A y-websocket sync "update" message carrying `update`. */
export function syncUpdateMessage(update: Uint8Array): Uint8Array {
  const e = encoding.createEncoder();
  encoding.writeVarUint(e, SYNC);
  syncProtocol.writeUpdate(e, update);
  return encoding.toUint8Array(e);
}

/**
 * An awareness message for one client id with a small state: the server relays it to every
 * socket of the document, the sender's too, after everything the socket sent before it. Its
 * echo is a barrier: the server has handled every earlier frame of this socket.
 */
export function presenceMessage(clientId: number, clock: number, state: Record<string, unknown>): Uint8Array {
  const inner = encoding.createEncoder();
  encoding.writeVarUint(inner, 1);
  encoding.writeVarUint(inner, clientId);
  encoding.writeVarUint(inner, clock);
  encoding.writeVarString(inner, JSON.stringify(state));
  const e = encoding.createEncoder();
  encoding.writeVarUint(e, AWARENESS);
  encoding.writeVarUint8Array(e, encoding.toUint8Array(inner));
  return encoding.toUint8Array(e);
}

/** The presence entries (client id, clock) of an incoming awareness message; null for another type. */
export function readPresence(message: Uint8Array): { clientId: number; clock: number }[] | null {
  const outer = decoding.createDecoder(message);
  if (decoding.readVarUint(outer) !== AWARENESS) return null;
  const d = decoding.createDecoder(decoding.readVarUint8Array(outer));
  const entries: { clientId: number; clock: number }[] = [];
  const count = decoding.readVarUint(d);
  for (let i = 0; i < count; i++) {
    const clientId = decoding.readVarUint(d);
    const clock = decoding.readVarUint(d);
    decoding.readVarString(d);
    entries.push({ clientId, clock });
  }
  return entries;
}
