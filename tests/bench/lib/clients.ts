import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import WebSocket from 'ws';
import { WebsocketProvider } from 'y-websocket';
import * as awarenessProtocol from 'y-protocols/awareness';
import * as syncProtocol from 'y-protocols/sync';
import * as Y from 'yjs';

/** Which client implementation drives the workload. */
export type ClientKind = 'raw' | 'provider';

/** The shared Y.Text every edit goes into. */
export const TEXT_NAME = 'minutes';

/** The text one edit inserts: its sequence number, findable again in the merged document. */
export function marker(seq: number): string {
  return `[u${seq}]`;
}

const MARKER = /\[u(\d+)\]/g;

/** Every marker sequence number present in a text. */
export function markersIn(text: string): Set<number> {
  const seen = new Set<number>();
  for (const m of text.matchAll(MARKER)) seen.add(Number(m[1]));
  return seen;
}

/** The update in flight, as the receivers recognise it. */
export interface Expected {
  readonly seq: number;
  /** The marker's UTF-8 bytes: a Yjs update carries inserted strings verbatim. */
  readonly markerBytes: Buffer;
  /** The sender's Yjs client id and its clock once the edit is applied. */
  readonly clientId: number;
  readonly clock: number;
}

/** A client reports that it has the expected update; `at` is performance.now(). */
export type OnArrival = (client: number, seq: number, at: number) => void;

export interface ClientContext {
  readonly expected: () => Expected | null;
  readonly onArrival: OnArrival;
  readonly syncTimeoutMs: number;
  /**
   * Presence, as real clients have it: every client sets an awareness state when it connects
   * (renewed every 15 s, as y-protocols does) and moves its cursor in it every `cursorMs`
   * (0: the cursor stays put).
   */
  readonly presence: boolean;
  readonly cursorMs: number;
}

export interface FanoutClient {
  readonly index: number;
  readonly doc: Y.Doc;
  /** Resolves once the first SyncStep2 from the server was applied. */
  readonly synced: Promise<void>;
  /**
   * Inserts one marker at the end of the shared text (sent to the server at once) and returns
   * what receivers will recognise it by.
   */
  edit(seq: number): Expected;
  /** Applies updates that arrived but were not applied yet (raw clients defer them). */
  flush(): void;
  /** Whether the socket is still open. */
  isOpen(): boolean;
  /**
   * Every socket of this client that the server (or the network) closed: its close code and
   * reason, e.g. `1008 too many presence ids`.
   */
  readonly closeCodes: readonly string[];
  close(): void;
}

const MESSAGE_SYNC = 0;
const MESSAGE_AWARENESS = 1;

/** What a client's presence holds: who it is and where its cursor is, like an editor's. */
function presenceState(index: number): Record<string, unknown> {
  return {
    user: { name: `Bench secretary ${index + 1}`, color: `hsl(${(index * 37) % 360} 70% 45%)` },
    cursor: null,
  };
}

/** Moves the cursor to a random place in the shared text (a Yjs relative position, as y-prosemirror sends). */
function moveCursor(doc: Y.Doc, awareness: awarenessProtocol.Awareness): void {
  const text = doc.getText(TEXT_NAME);
  const at = Math.floor(Math.random() * (text.length + 1));
  const pos = Y.relativePositionToJSON(Y.createRelativePositionFromTypeIndex(text, at));
  awareness.setLocalStateField('cursor', { anchor: pos, head: pos });
}

/**
 * Moves the cursor every `intervalMs`, the first time after a random part of the interval so
 * that the clients' moves spread over it. Returns the stop function.
 */
function startCursor(doc: Y.Doc, awareness: awarenessProtocol.Awareness, intervalMs: number): () => void {
  if (intervalMs <= 0) return () => {};
  let interval: NodeJS.Timeout | undefined;
  const first = setTimeout(
    () => {
      moveCursor(doc, awareness);
      interval = setInterval(() => moveCursor(doc, awareness), intervalMs);
    },
    Math.floor(Math.random() * intervalMs),
  );
  return () => {
    clearTimeout(first);
    clearInterval(interval);
  };
}

function editAtEnd(doc: Y.Doc, seq: number): Expected {
  const text = doc.getText(TEXT_NAME);
  const s = marker(seq);
  doc.transact(() => text.insert(text.length, s));
  return {
    seq,
    markerBytes: Buffer.from(s, 'utf8'),
    clientId: doc.clientID,
    clock: Y.getState(doc.store, doc.clientID),
  };
}

function withTimeout(promise: Promise<void>, ms: number, what: string): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what}: not synced within ${ms} ms`)), ms);
  });
  const raced = Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
  raced.catch(() => {});
  return raced;
}

/**
 * A minimal y-websocket client: a `ws` socket, the y-protocols sync messages and a Y.Doc. No
 * reconnects. With presence on it does awareness the way the stock WebsocketProvider does:
 * it announces its own state, moves its cursor, applies every awareness message it receives
 * and sends back every entry that changed — other clients' too, as the stock provider does.
 *
 * It timestamps an update when its frame reaches the socket's message handler and applies it
 * to its Y.Doc later, in flush(), once the update has reached everyone. 200 clients share one
 * process and one core here; applying on arrival (~100 µs each with 200 writers in the
 * document) would make the 199th receiver wait for 198 applies that real devices do in
 * parallel, and the benchmark would measure its own clients instead of the server. Awareness
 * messages that arrive while an update is in flight wait in the same queue, for the same
 * reason, so their echoes reach the server between windows (where the server still has to
 * handle them, as it would real clients'); outside windows they are applied on arrival.
 */
class RawClient implements FanoutClient {
  readonly doc = new Y.Doc();
  readonly synced: Promise<void>;
  readonly closeCodes: string[] = [];
  private readonly ws: WebSocket;
  /** Received sync updates and awareness messages, in arrival order, for flush(). */
  private queue: Uint8Array[] = [];
  private readonly awareness: awarenessProtocol.Awareness | null;
  private stopCursor: () => void = () => {};
  private closedByUs = false;

  constructor(
    readonly index: number,
    url: string,
    ctx: ClientContext,
  ) {
    this.ws = new WebSocket(url, { perMessageDeflate: false });
    const awareness = ctx.presence ? new awarenessProtocol.Awareness(this.doc) : null;
    this.awareness = awareness;
    if (awareness) {
      // The stock provider's handler: whatever changed, whoever's it is, goes to the server.
      awareness.on('update', ({ added, updated, removed }: Record<string, number[]>) => {
        if (this.ws.readyState !== WebSocket.OPEN) return;
        const changed = added!.concat(updated!, removed!);
        const encoder = encoding.createEncoder();
        encoding.writeVarUint(encoder, MESSAGE_AWARENESS);
        encoding.writeVarUint8Array(encoder, awarenessProtocol.encodeAwarenessUpdate(awareness, changed));
        this.ws.send(encoding.toUint8Array(encoder));
      });
    }
    let resolveSynced!: () => void;
    let rejectSynced!: (err: Error) => void;
    const synced = new Promise<void>((resolve, reject) => {
      resolveSynced = resolve;
      rejectSynced = reject;
    });
    this.synced = withTimeout(synced, ctx.syncTimeoutMs, `client ${index}`);
    let isSynced = false;
    this.ws.on('open', () => {
      const encoder = encoding.createEncoder();
      encoding.writeVarUint(encoder, MESSAGE_SYNC);
      syncProtocol.writeSyncStep1(encoder, this.doc);
      this.ws.send(encoding.toUint8Array(encoder));
      if (awareness) {
        awareness.setLocalState(presenceState(index));
        this.stopCursor = startCursor(this.doc, awareness, ctx.cursorMs);
      }
    });
    this.ws.on('message', (data: Buffer, isBinary) => {
      const at = performance.now();
      if (!isBinary || data.length < 2) return;
      if (data[0] === MESSAGE_AWARENESS) {
        if (!awareness) return;
        const message = new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
        // Inside a window, after the window (flush); otherwise at once, as the stock provider
        // does, so that no backlog builds up while no update is in flight (connecting, say).
        if (ctx.expected() !== null || this.queue.length > 0) this.queue.push(message);
        else this.applyAwareness(awareness, message);
        return;
      }
      if (data[0] !== MESSAGE_SYNC) return;
      if (data[1] === syncProtocol.messageYjsUpdate) {
        const expected = ctx.expected();
        if (expected && data.includes(expected.markerBytes)) ctx.onArrival(index, expected.seq, at);
        this.queue.push(new Uint8Array(data.buffer, data.byteOffset, data.byteLength));
        return;
      }
      // Handshake (SyncStep1/2): answer and apply at once.
      this.handleSync(new Uint8Array(data.buffer, data.byteOffset, data.byteLength));
      if (data[1] === syncProtocol.messageYjsSyncStep2 && !isSynced) {
        isSynced = true;
        resolveSynced();
      }
    });
    this.ws.on('close', (code, reason) => {
      this.stopCursor();
      if (!this.closedByUs) this.closeCodes.push(`${code} ${reason.toString()}`.trim());
      if (!isSynced) rejectSynced(new Error(`client ${index}: closed before sync (${code} ${reason})`));
    });
    this.ws.on('error', (err) => {
      if (!isSynced) rejectSynced(new Error(`client ${index}: ${err.message}`));
    });
    this.doc.on('update', (update: Uint8Array, origin: unknown) => {
      if (origin === this || this.ws.readyState !== WebSocket.OPEN) return;
      const encoder = encoding.createEncoder();
      encoding.writeVarUint(encoder, MESSAGE_SYNC);
      syncProtocol.writeUpdate(encoder, update);
      this.ws.send(encoding.toUint8Array(encoder));
    });
  }

  private handleSync(message: Uint8Array): void {
    const decoder = decoding.createDecoder(message);
    decoding.readVarUint(decoder); // MESSAGE_SYNC
    const encoder = encoding.createEncoder();
    encoding.writeVarUint(encoder, MESSAGE_SYNC);
    syncProtocol.readSyncMessage(decoder, encoder, this.doc, this);
    if (encoding.length(encoder) > 1) this.ws.send(encoding.toUint8Array(encoder));
  }

  edit(seq: number): Expected {
    this.flush();
    return editAtEnd(this.doc, seq);
  }

  flush(): void {
    const queue = this.queue;
    this.queue = [];
    for (const message of queue) {
      if (message[0] === MESSAGE_SYNC) this.handleSync(message);
      else if (this.awareness) this.applyAwareness(this.awareness, message);
    }
  }

  /** Applies an awareness message; the `update` handler then echoes what changed. */
  private applyAwareness(awareness: awarenessProtocol.Awareness, message: Uint8Array): void {
    const decoder = decoding.createDecoder(message);
    decoding.readVarUint(decoder); // MESSAGE_AWARENESS
    awarenessProtocol.applyAwarenessUpdate(awareness, decoding.readVarUint8Array(decoder), this);
  }

  isOpen(): boolean {
    return this.ws.readyState === WebSocket.OPEN;
  }

  close(): void {
    this.closedByUs = true;
    this.stopCursor();
    this.ws.terminate();
    this.doc.destroy();
  }
}

/**
 * The stock y-websocket browser client (WebsocketProvider), run in Node with `ws`. It applies
 * every update on arrival and also does awareness (with presence on, each client sets a state,
 * moves its cursor in it, and renews it every 15 s; the provider re-sends every awareness change
 * it receives) and its own timers, and reconnects when the server closes it; the arrival time is
 * taken in a Y.Text observer, i.e. after the update was applied. BroadcastChannel is disabled: Node 20 has one, and 200 providers in
 * one process would otherwise pass updates to each other without the server.
 */
class ProviderClient implements FanoutClient {
  readonly doc = new Y.Doc();
  readonly synced: Promise<void>;
  readonly closeCodes: string[] = [];
  private readonly provider: WebsocketProvider;
  private readonly stopCursor: () => void = () => {};

  constructor(
    readonly index: number,
    wsBase: string,
    room: string,
    token: string,
    ctx: ClientContext,
  ) {
    this.doc.getText(TEXT_NAME).observe((event) => {
      if (event.transaction.local) return;
      const at = performance.now();
      const expected = ctx.expected();
      if (expected && Y.getState(this.doc.store, expected.clientId) >= expected.clock) {
        ctx.onArrival(index, expected.seq, at);
      }
    });
    this.provider = new WebsocketProvider(wsBase, room, this.doc, {
      params: { token },
      WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket,
      disableBc: true,
    });
    this.provider.on('connection-close', (event) => {
      // null: closed by the provider itself (destroy, or its own no-message watchdog).
      if (event) this.closeCodes.push(`${event.code} ${event.reason ?? ''}`.trim());
    });
    if (ctx.presence) {
      // The stock provider sends it when the socket opens, and renews it every 15 s.
      this.provider.awareness.setLocalState(presenceState(index));
      this.stopCursor = startCursor(this.doc, this.provider.awareness, ctx.cursorMs);
    }
    const synced = new Promise<void>((resolve) => {
      const onSync = (isSynced: boolean) => {
        if (!isSynced) return;
        this.provider.off('sync', onSync);
        resolve();
      };
      this.provider.on('sync', onSync);
    });
    this.synced = withTimeout(synced, ctx.syncTimeoutMs, `client ${index}`);
  }

  edit(seq: number): Expected {
    return editAtEnd(this.doc, seq);
  }

  flush(): void {
    // Applied on arrival already.
  }

  isOpen(): boolean {
    return this.provider.wsconnected;
  }

  close(): void {
    this.stopCursor();
    this.provider.destroy();
    this.doc.destroy();
  }
}

export interface ClientTarget {
  readonly wsBase: string;
  readonly room: string;
}

export function createClient(
  kind: ClientKind,
  index: number,
  target: ClientTarget,
  token: string,
  ctx: ClientContext,
): FanoutClient {
  if (kind === 'provider') return new ProviderClient(index, target.wsBase, target.room, token, ctx);
  const url = `${target.wsBase}/${target.room}?token=${encodeURIComponent(token)}`;
  return new RawClient(index, url, ctx);
}

/**
 * Connects one more, fresh client, waits for its sync and returns the document text it got
 * from the server — the check that every edit reached the server's document.
 */
export async function fetchDocumentText(
  target: ClientTarget,
  token: string,
  timeoutMs: number,
): Promise<string> {
  const client = createClient('raw', -1, target, token, {
    expected: () => null,
    onArrival: () => {},
    syncTimeoutMs: timeoutMs,
    presence: false,
    cursorMs: 0,
  });
  try {
    await client.synced;
    return client.doc.getText(TEXT_NAME).toString();
  } finally {
    client.close();
  }
}
