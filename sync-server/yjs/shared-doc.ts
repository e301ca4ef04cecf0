import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import type { Logger } from 'pino';
import type WebSocket from 'ws';
import * as awarenessProtocol from 'y-protocols/awareness';
import * as syncProtocol from 'y-protocols/sync';
import * as Y from 'yjs';
import { CloseCodes } from '#common/protocol/close-codes';
import type { UpdateLog } from './update-log';

/** y-websocket message types (the first varUint of every frame). */
export const MessageType = { sync: 0, awareness: 1, auth: 2, queryAwareness: 3 } as const;

/** One open socket on a document. */
export interface Connection {
  readonly ws: WebSocket;
  readonly canWrite: boolean;
  readonly deviceSessionId: string | null;
  /** Awareness client ids this socket introduced; it may only change or remove these. */
  readonly awarenessIds: Set<number>;
}

function encodeSyncUpdate(update: Uint8Array): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, MessageType.sync);
  syncProtocol.writeUpdate(encoder, update);
  return encoding.toUint8Array(encoder);
}

function encodeAwareness(awareness: awarenessProtocol.Awareness, clients: number[]): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, MessageType.awareness);
  encoding.writeVarUint8Array(encoder, awarenessProtocol.encodeAwarenessUpdate(awareness, clients));
  return encoding.toUint8Array(encoder);
}

/** Client ids named in an awareness update, read without applying it. */
function awarenessClientIds(update: Uint8Array): number[] {
  const decoder = decoding.createDecoder(update);
  const len = decoding.readVarUint(decoder);
  const ids: number[] = [];
  for (let i = 0; i < len; i++) {
    ids.push(decoding.readVarUint(decoder));
    decoding.readVarUint(decoder);
    decoding.readVarString(decoder);
  }
  return ids;
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

  constructor(
    readonly name: string,
    private readonly log: UpdateLog,
    private readonly logger: Logger,
    private readonly compactThreshold: number,
    private readonly onFailure: (doc: SharedDoc) => void,
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

  private readonly onAwarenessUpdate = (
    { added, updated, removed }: { added: number[]; updated: number[]; removed: number[] },
    origin: unknown,
  ): void => {
    const changed = added.concat(updated, removed);
    const conn = origin as Connection | null;
    if (conn && this.conns.get(conn.ws) === conn) {
      for (const id of added) conn.awarenessIds.add(id);
      for (const id of updated) conn.awarenessIds.add(id);
      for (const id of removed) conn.awarenessIds.delete(id);
    }
    const message = encodeAwareness(this.awareness, changed);
    for (const c of this.conns.values()) send(c.ws, message);
  };

  /** Registers a socket and starts the sync: our state vector, then everyone's presence. */
  attach(conn: Connection): void {
    this.conns.set(conn.ws, conn);
    const encoder = encoding.createEncoder();
    encoding.writeVarUint(encoder, MessageType.sync);
    syncProtocol.writeSyncStep1(encoder, this.doc);
    send(conn.ws, encoding.toUint8Array(encoder));
    const states = [...this.awareness.getStates().keys()];
    if (states.length > 0) send(conn.ws, encodeAwareness(this.awareness, states));
  }

  /** Forgets a socket and removes the presence it introduced. */
  detach(conn: Connection): void {
    if (!this.conns.delete(conn.ws)) return;
    if (conn.awarenessIds.size > 0) {
      awarenessProtocol.removeAwarenessStates(this.awareness, [...conn.awarenessIds], null);
    }
  }

  /**
   * Handles one binary frame. Throws ProtocolViolation for anything the socket may not do or
   * that does not parse; the caller closes the socket with the violation's code.
   */
  handleMessage(conn: Connection, data: Uint8Array): void {
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
      case MessageType.queryAwareness: {
        const states = [...this.awareness.getStates().keys()];
        send(conn.ws, encodeAwareness(this.awareness, states));
        return;
      }
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

  private handleAwareness(conn: Connection, decoder: decoding.Decoder): void {
    let update: Uint8Array;
    let ids: number[];
    try {
      update = decoding.readVarUint8Array(decoder);
      ids = awarenessClientIds(update);
    } catch {
      throw new ProtocolViolation(CloseCodes.InvalidPayload, 'malformed awareness update');
    }
    for (const id of ids) {
      if (conn.awarenessIds.has(id)) continue;
      for (const other of this.conns.values()) {
        if (other !== conn && other.awarenessIds.has(id)) {
          throw new ProtocolViolation(CloseCodes.PolicyViolation, 'awareness update for another client');
        }
      }
    }
    try {
      awarenessProtocol.applyAwarenessUpdate(this.awareness, update, conn);
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
