import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import { type CloseCode, CloseCodes } from '#common/protocol/close-codes';
import { PRESENCE_PARTICIPANT_KEY } from '#common/protocol/presence';

/**
 * Presence (awareness) policy of the hub: which entries of an incoming awareness update are
 * applied, which are dropped, and which close the socket; and the participant stamp.
 *
 * An awareness update is a list of entries `(clientId, clock, state JSON)`. The stock
 * y-websocket provider re-sends every entry it receives, other clients' included, so a socket
 * naming another client's id is normal; what it may not do is *change* another client's
 * presence. The rule, per entry:
 *
 * - an id this socket introduced: applied (the clock decides, as in y-protocols);
 * - any other id whose clock is not newer than the one the server holds: dropped silently —
 *   it changes nothing (an echo), or it is an equal-clock `null`, which y-protocols would
 *   take as "remove that client", and only its own socket may do that;
 * - a newer clock for an id another open socket introduced: the socket is closed (1008);
 * - a newer clock for an id nobody holds: the socket introduces it, at most
 *   `maxIdsPerSocket` over its lifetime (1008 beyond that).
 *
 * Applied states must be JSON objects (or null) of at most `maxStateBytes` (1008 / 1009
 * otherwise); the server then overwrites their PRESENCE_PARTICIPANT_KEY with the socket's
 * participant. A message of more than `maxEntriesPerMessage` entries is dropped unread.
 */
export interface PresenceLimits {
  /** Client ids one socket may introduce over its lifetime (a stock provider uses one). */
  readonly maxIdsPerSocket: number;
  /** Bytes of one presence state's JSON, as sent. */
  readonly maxStateBytes: number;
  /**
   * Entries in one incoming awareness message; a larger one is dropped whole, unread (the
   * socket stays open: a stock provider that has not heard from the server for 30 s, after a
   * sleep say, times out everyone else's presence and sends all those removals as one
   * message). The server sends at most this many per message too, so what a stock provider
   * re-sends from one of our messages stays within it.
   */
  readonly maxEntriesPerMessage: number;
}

export const DEFAULT_PRESENCE_LIMITS: PresenceLimits = {
  maxIdsPerSocket: 4,
  maxStateBytes: 8 * 1024,
  maxEntriesPerMessage: 64,
};

/** The limits with every unset one at its default. */
export function presenceLimits(overrides: Partial<PresenceLimits> = {}): PresenceLimits {
  return {
    maxIdsPerSocket: overrides.maxIdsPerSocket ?? DEFAULT_PRESENCE_LIMITS.maxIdsPerSocket,
    maxStateBytes: overrides.maxStateBytes ?? DEFAULT_PRESENCE_LIMITS.maxStateBytes,
    maxEntriesPerMessage: overrides.maxEntriesPerMessage ?? DEFAULT_PRESENCE_LIMITS.maxEntriesPerMessage,
  };
}

/** The participant the server writes into every presence state a socket sends. */
export interface StampedParticipant {
  readonly id: string;
  readonly name: string;
  readonly role: string;
}

/** What the policy needs to know about the document and the socket. */
export interface PresenceContext {
  /** Who introduced `clientId`: this socket, another open socket, or nobody. */
  readonly ownerOf: (clientId: number) => 'self' | 'other' | 'none';
  /** The clock the server holds for `clientId` (undefined: never seen, or forgotten). */
  readonly knownClock: (clientId: number) => number | undefined;
  /** Ids this socket introduced so far. */
  readonly introducedSoFar: number;
  readonly participant: StampedParticipant | null;
  readonly limits: PresenceLimits;
}

export type Screened =
  | {
      readonly ok: true;
      /** The update to apply (the kept entries, states stamped), or null when nothing is left. */
      readonly update: Uint8Array | null;
      /** Ids this update introduces for the socket (in the order they appear). */
      readonly introduced: readonly number[];
      /** Entries dropped: echoes, or every entry of a message with too many. */
      readonly dropped: number;
      /** The message had more than `maxEntriesPerMessage` entries and was dropped unread. */
      readonly oversized: boolean;
    }
  | {
      readonly ok: false;
      readonly close: CloseCode;
      readonly message: string;
    };

const utf8 = new TextDecoder('utf-8', { fatal: true });

interface Kept {
  readonly clientId: number;
  readonly clock: number;
  readonly json: string;
}

/** Applies the presence rules above to one incoming awareness update (the inner payload). */
export function screenAwarenessUpdate(update: Uint8Array, ctx: PresenceContext): Screened {
  const refuse = (close: CloseCode, message: string): Screened => ({ ok: false, close, message });
  const malformed = () => refuse(CloseCodes.InvalidPayload, 'malformed awareness update');
  const decoder = decoding.createDecoder(update);
  const kept: Kept[] = [];
  const introduced: number[] = [];
  let dropped = 0;
  try {
    const count = decoding.readVarUint(decoder);
    if (count > ctx.limits.maxEntriesPerMessage) {
      return { ok: true, update: null, introduced: [], dropped: count, oversized: true };
    }
    for (let i = 0; i < count; i++) {
      const clientId = decoding.readVarUint(decoder);
      const clock = decoding.readVarUint(decoder);
      const length = decoding.readVarUint(decoder);
      if (length > update.length - decoder.pos) return malformed();
      const bytes = decoding.readUint8Array(decoder, length);
      const owner = introduced.includes(clientId) ? 'self' : ctx.ownerOf(clientId);
      if (owner !== 'self') {
        if (clock <= (ctx.knownClock(clientId) ?? 0)) {
          dropped++;
          continue;
        }
        if (owner === 'other') {
          return refuse(
            CloseCodes.PresenceOfAnother,
            `awareness update for client ${clientId} of another socket`,
          );
        }
        if (ctx.introducedSoFar + introduced.length >= ctx.limits.maxIdsPerSocket) {
          return refuse(
            CloseCodes.TooManyPresenceIds,
            `more than ${ctx.limits.maxIdsPerSocket} presence ids on one socket`,
          );
        }
        introduced.push(clientId);
      }
      if (length > ctx.limits.maxStateBytes) {
        return refuse(
          CloseCodes.PresenceTooBig,
          `presence state of ${length} bytes (at most ${ctx.limits.maxStateBytes})`,
        );
      }
      let state: unknown;
      try {
        state = JSON.parse(utf8.decode(bytes));
      } catch {
        return malformed();
      }
      if (state === null) {
        kept.push({ clientId, clock, json: 'null' });
        continue;
      }
      if (typeof state !== 'object' || Array.isArray(state)) {
        return refuse(CloseCodes.PresenceNotObject, 'presence state is not a JSON object');
      }
      (state as Record<string, unknown>)[PRESENCE_PARTICIPANT_KEY] = ctx.participant
        ? { id: ctx.participant.id, name: ctx.participant.name, role: ctx.participant.role }
        : null;
      kept.push({ clientId, clock, json: JSON.stringify(state) });
    }
  } catch {
    return malformed();
  }
  return {
    ok: true,
    update: kept.length > 0 ? encodeEntries(kept) : null,
    introduced,
    dropped,
    oversized: false,
  };
}

function encodeEntries(entries: readonly Kept[]): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, entries.length);
  for (const e of entries) {
    encoding.writeVarUint(encoder, e.clientId);
    encoding.writeVarUint(encoder, e.clock);
    encoding.writeVarString(encoder, e.json);
  }
  return encoding.toUint8Array(encoder);
}
