import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import type { Logger } from 'pino';
import type WebSocket from 'ws';
import * as awarenessProtocol from 'y-protocols/awareness';
import * as syncProtocol from 'y-protocols/sync';
import * as Y from 'yjs';
import { CloseCodes } from '#common/protocol/close-codes';
import { DEFAULT_PRESENCE_LIMITS, type PresenceLimits, screenAwarenessUpdate } from './presence';
import type { UpdateLog } from './update-log';

/** y-websocket message types (the first varUint of every frame). */
export const MessageType = { sync: 0, awareness: 1, auth: 2, queryAwareness: 3 } as const;

/** One open socket on a document. */
export interface Connection {
  readonly ws: WebSocket;
  /** Re-decided whenever the rights of the meeting change (YjsHub.reauthorize). */
  canWrite: boolean;
  readonly deviceSessionId: string | null;
  /**
   * The participant the socket's device signed in as. The server writes it into every presence
   * state the socket sends (PRESENCE_PARTICIPANT_KEY); null stamps `null`.
   */
  participant: { readonly id: string; readonly name: string; readonly role: string } | null;
  /**
   * Awareness client ids this socket introduced, for its whole lifetime: only this socket may
   * change or remove their presence, and it may introduce at most `maxIdsPerSocket`.
   */
  readonly awarenessIds: Set<number>;
}

function encodeSyncUpdate(update: Uint8Array): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, MessageType.sync);
  syncProtocol.writeUpdate(encoder, update);
  return encoding.toUint8Array(encoder);
}

/**
 * Awareness messages for `clients`, at most `perMessage` entries each: a stock provider
 * re-sends what it applied from one message as one message, which must stay within the
 * limit of entries we accept.
 */
function encodeAwareness(
  awareness: awarenessProtocol.Awareness,
  clients: readonly number[],
  perMessage: number,
): Uint8Array[] {
  const messages: Uint8Array[] = [];
  const step = Math.max(1, perMessage);
  for (let i = 0; i < clients.length; i += step) {
    const encoder = encoding.createEncoder();
    encoding.writeVarUint(encoder, MessageType.awareness);
    encoding.writeVarUint8Array(
      encoder,
      awarenessProtocol.encodeAwarenessUpdate(awareness, clients.slice(i, i + step)),
    );
    messages.push(encoding.toUint8Array(encoder));
  }
  return messages;
}

/** Thrown when a message breaks the rules of its socket; the socket is closed with `close`. */
export class ProtocolViolation extends Error {
  constructor(
    readonly close: { code: number; reason: string },
    message: string,
  ) {
    super(message);
    this.name = 'ProtocolViolation';
  }
}

/**
 * One Yjs document held in memory with the sockets that have it open. Every update is
 * appended to the update log *before* it is broadcast, so whatever any client has seen
 * survives a restart.
 */
export class SharedDoc {
  readonly doc = new Y.Doc();
  readonly awareness = new awarenessProtocol.Awareness(this.doc);
  readonly conns = new Map<WebSocket, Connection>();
  /** Rows in the update log since the last snapshot; past the threshold the log is compacted. */
  private rowsSinceCompaction = 0;
  private compactionScheduled = false;
  /** Set once persistence failed: the in-memory state may be ahead of the log, so it must go. */
  private failed = false;
  /** Which open socket introduced each awareness client id (see presence.ts). */
  private readonly presenceOwners = new Map<number, Connection>();
  /**
   * Client ids whose socket has closed, with the time: their clock is kept for a while, so
   * that late echoes of their removal are recognised as such, and then forgotten.
   */
  private readonly departed = new Map<number, number>();

  constructor(
    readonly name: string,
    private readonly log: UpdateLog,
    private readonly logger: Logger,
    private readonly compactThreshold: number,
    private readonly onFailure: (doc: SharedDoc) => void,
    private readonly presenceLimits: PresenceLimits = DEFAULT_PRESENCE_LIMITS,
  ) {
    const stored = log.load(name);
    if (stored.update) Y.applyUpdate(this.doc, stored.update, 'load');
    this.rowsSinceCompaction = stored.rows;
    // The server has no presence of its own.
    this.awareness.setLocalState(null);
    this.doc.on('update', this.onUpdate);
    this.awareness.on('update', this.onAwarenessUpdate);
    if (stored.rows > compactThreshold) this.compact();
  }

  private readonly onUpdate = (update: Uint8Array, origin: unknown): void => {
    if (this.failed) return;
    try {
      this.log.append(this.name, update);
    } catch (err) {
      this.failed = true;
      this.logger.error({ err, doc: this.name }, 'could not persist a Yjs update; closing the document');
      this.onFailure(this);
      return;
    }
    this.rowsSinceCompaction++;
    if (this.rowsSinceCompaction > this.compactThreshold) this.scheduleCompaction();
    const message = encodeSyncUpdate(update);
    for (const conn of this.conns.values()) {
      if (conn !== origin) send(conn.ws, message);
    }
  };

  private readonly onAwarenessUpdate = ({
    added,
    updated,
    removed,
  }: {
    added: number[];
    updated: number[];
    removed: number[];
  }): void => {
    const changed = added.concat(updated, removed);
    // To every socket, the sender's too: like the stock server (a client ignores its own clock).
    for (const message of encodeAwareness(
      this.awareness,
      changed,
      this.presenceLimits.maxEntriesPerMessage,
    )) {
      for (const c of this.conns.values()) send(c.ws, message);
    }
  };

  /** Registers a socket and starts the sync: our state vector, then everyone's presence. */
  attach(conn: Connection): void {
    this.conns.set(conn.ws, conn);
    const encoder = encoding.createEncoder();
    encoding.writeVarUint(encoder, MessageType.sync);
    syncProtocol.writeSyncStep1(encoder, this.doc);
    send(conn.ws, encoding.toUint8Array(encoder));
    this.sendAllPresence(conn);
  }

  private sendAllPresence(conn: Connection): void {
    const states = [...this.awareness.getStates().keys()];
    for (const message of encodeAwareness(this.awareness, states, this.presenceLimits.maxEntriesPerMessage)) {
      send(conn.ws, message);
    }
  }

  /** Forgets a socket and removes the presence it introduced. */
  detach(conn: Connection): void {
    if (!this.conns.delete(conn.ws)) return;
    const now = Date.now();
    this.forgetDeparted(now);
    if (conn.awarenessIds.size === 0) return;
    for (const id of conn.awarenessIds) {
      if (this.presenceOwners.get(id) === conn) this.presenceOwners.delete(id);
      this.departed.set(id, now);
    }
    awarenessProtocol.removeAwarenessStates(this.awareness, [...conn.awarenessIds], null);
  }

  /**
   * Drops the clocks of ids whose socket closed more than the awareness timeout ago and that
   * nobody has introduced again, so a stream of short-lived sockets cannot grow the server's
   * awareness without bound.
   */
  private forgetDeparted(now: number): void {
    for (const [id, at] of this.departed) {
      if (now - at < awarenessProtocol.outdatedTimeout) break; // in departure order
      this.departed.delete(id);
      if (!this.presenceOwners.has(id) && !this.awareness.states.has(id)) this.awareness.meta.delete(id);
    }
  }

  /**
   * Handles one binary frame. Throws ProtocolViolation for anything the socket may not do or
   * that does not parse; the caller closes the socket with the violation's code.
   */
  handleMessage(conn: Connection, data: Uint8Array): void {
    // A socket the server is closing (for a violation, say) still delivers what it sent before
    // our close frame reached it; none of that is applied.
    if (conn.ws.readyState !== conn.ws.OPEN) return;
    let decoder: decoding.Decoder;
    let type: number;
    try {
      decoder = decoding.createDecoder(data);
      type = decoding.readVarUint(decoder);
    } catch {
      throw new ProtocolViolation(CloseCodes.InvalidPayload, 'unreadable message header');
    }
    switch (type) {
      case MessageType.sync:
        this.handleSync(conn, decoder);
        return;
      case MessageType.awareness:
        this.handleAwareness(conn, decoder);
        return;
      case MessageType.queryAwareness:
        this.sendAllPresence(conn);
        return;
      case MessageType.auth:
        // Authentication happens before the upgrade; the in-band auth message carries nothing for us.
        return;
      default:
        throw new ProtocolViolation(CloseCodes.InvalidPayload, `unknown message type ${type}`);
    }
  }

  private handleSync(conn: Connection, decoder: decoding.Decoder): void {
    let syncType: number;
    let payload: Uint8Array;
    try {
      syncType = decoding.readVarUint(decoder);
      payload = decoding.readVarUint8Array(decoder);
    } catch {
      throw new ProtocolViolation(CloseCodes.InvalidPayload, 'truncated sync message');
    }
    if (syncType === syncProtocol.messageYjsSyncStep1) {
      let update: Uint8Array;
      try {
        update = Y.encodeStateAsUpdate(this.doc, payload);
      } catch {
        throw new ProtocolViolation(CloseCodes.InvalidPayload, 'malformed state vector');
      }
      const encoder = encoding.createEncoder();
      encoding.writeVarUint(encoder, MessageType.sync);
      encoding.writeVarUint(encoder, syncProtocol.messageYjsSyncStep2);
      encoding.writeVarUint8Array(encoder, update);
      send(conn.ws, encoding.toUint8Array(encoder));
      return;
    }
    if (syncType !== syncProtocol.messageYjsSyncStep2 && syncType !== syncProtocol.messageYjsUpdate) {
      throw new ProtocolViolation(CloseCodes.InvalidPayload, `unknown sync message type ${syncType}`);
    }
    if (!conn.canWrite) {
      // Stock clients answer our SyncStep1 with a SyncStep2 even when they only read; that is
      // harmless while it holds nothing we lack. Anything new is a write attempt.
      let harmless: boolean;
      try {
        harmless = Y.snapshotContainsUpdate(Y.snapshot(this.doc), payload);
      } catch {
        throw new ProtocolViolation(CloseCodes.InvalidPayload, 'malformed update');
      }
      if (harmless) return;
      throw new ProtocolViolation(CloseCodes.PolicyViolation, 'this socket may only read the document');
    }
    try {
      Y.applyUpdate(this.doc, payload, conn);
    } catch {
      throw new ProtocolViolation(CloseCodes.InvalidPayload, 'malformed update');
    }
  }

  /** Presence: see presence.ts for which entries are applied, dropped or refused. */
  private handleAwareness(conn: Connection, decoder: decoding.Decoder): void {
    let update: Uint8Array;
    try {
      update = decoding.readVarUint8Array(decoder);
    } catch {
      throw new ProtocolViolation(CloseCodes.InvalidPayload, 'malformed awareness update');
    }
    const screened = screenAwarenessUpdate(update, {
      ownerOf: (id) => {
        const owner = this.presenceOwners.get(id);
        return owner === undefined ? 'none' : owner === conn ? 'self' : 'other';
      },
      knownClock: (id) => this.awareness.meta.get(id)?.clock,
      introducedSoFar: conn.awarenessIds.size,
      participant: conn.participant,
      limits: this.presenceLimits,
    });
    if (!screened.ok) throw new ProtocolViolation(screened.close, screened.message);
    if (screened.oversized) {
      this.logger.debug(
        { doc: this.name, entries: screened.dropped },
        'dropped an oversized awareness message',
      );
    }
    for (const id of screened.introduced) {
      conn.awarenessIds.add(id);
      this.presenceOwners.set(id, conn);
      this.departed.delete(id);
    }
    if (!screened.update) return;
    try {
      awarenessProtocol.applyAwarenessUpdate(this.awareness, screened.update, conn);
    } catch {
      throw new ProtocolViolation(CloseCodes.InvalidPayload, 'malformed awareness update');
    }
  }

  private scheduleCompaction(): void {
    if (this.compactionScheduled) return;
    this.compactionScheduled = true;
    // Off the broadcast path: compaction encodes the whole document.
    setImmediate(() => {
      this.compactionScheduled = false;
      if (!this.failed) this.compact();
    });
  }

  /** Replaces the document's log rows with one snapshot. */
  compact(): void {
    if (this.failed) return;
    try {
      this.log.compact(this.name, this.doc);
      this.rowsSinceCompaction = 1;
    } catch (err) {
      // The old rows are still there; compaction is retried after the next threshold.
      this.logger.warn({ err, doc: this.name }, 'compaction failed');
    }
  }

  /** Releases memory and timers; sockets must be closed or detached first. */
  destroy(): void {
    this.doc.off('update', this.onUpdate);
    this.awareness.destroy();
    this.doc.destroy();
  }
}

/** Sends unless the socket is already closing; a failed send closes that socket only. */
export function send(ws: WebSocket, message: Uint8Array): void {
  if (ws.readyState !== ws.OPEN) return;
  ws.send(message, { binary: true }, (err) => {
    if (err) ws.terminate();
  });
}
