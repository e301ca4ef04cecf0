import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import { encodeAwarenessUpdate } from 'y-protocols/awareness';
import * as syncProtocol from 'y-protocols/sync';
import { messageAwareness, messageQueryAwareness, messageSync, WebsocketProvider } from 'y-websocket';
import type * as Y from 'yjs';
import { CloseCodes } from '#common/protocol/close-codes';
import { PRESENCE_INTERVAL_MS, sendOwnPresence } from './own-presence';
import { applyRemoteUpdate } from './remote-update';

/** How to open one of the room's Yjs documents. */
export interface ProviderOptions {
  /** The hub's WebSocket base, e.g. `ws://host:4400/yjs` (the provider appends `/<doc name>`). */
  readonly base: string;
  readonly docName: string;
  readonly doc: Y.Doc;
  readonly token: string;
  /** Local presence changes are sent at most this often (default 250 ms). */
  readonly presenceIntervalMs?: number;
  /** Node's `ws` in tests; the browser's WebSocket otherwise. */
  readonly WebSocketPolyfill?: typeof WebSocket;
  readonly maxBackoffTime?: number;
  /** False: the caller calls `connect()` itself (default true: connect at once). */
  readonly connect?: boolean;
}

/**
 * A stock y-websocket `WebsocketProvider` that sends only this client's own presence. The
 * stock provider's awareness handler sends every changed entry, the ones it just received from
 * the server too, so in a room of N each change reaches the server about N times and presence
 * traffic grows with N²; here its handler is replaced by one that sends our own entry,
 * throttled (own-presence.ts), and a query for presence is answered with our own entry only.
 * Updates from the server are applied without Yjs encoding them again for the doc's `update`
 * listeners (remote-update.ts). Everything else (sync, reconnection, the keep-alive watchdog)
 * is the stock provider's, so our clients and stock ones share a room.
 */
export function createProvider(opts: ProviderOptions): WebsocketProvider {
  const provider = new WebsocketProvider(opts.base, opts.docName, opts.doc, {
    params: { token: opts.token },
    // Tabs of one browser may belong to different participants; each must sync with the
    // server under its own token rather than share state over BroadcastChannel. (It also
    // means the socket is the only way out, which the presence sender below relies on.)
    disableBc: true,
    // Only a revoked session is final. Rate limiting (4429) is in y-websocket's "permanent"
    // 44xx range by default, but for us it is transient: back off and try again.
    shouldReconnect: (event) => event.code !== CloseCodes.SessionRevoked.code,
    ...(opts.WebSocketPolyfill ? { WebSocketPolyfill: opts.WebSocketPolyfill } : {}),
    ...(opts.maxBackoffTime !== undefined ? { maxBackoffTime: opts.maxBackoffTime } : {}),
    ...(opts.connect === false ? { connect: false } : {}),
  });
  const { awareness } = provider;
  const frame = (update: Uint8Array): Uint8Array => {
    const encoder = encoding.createEncoder();
    encoding.writeVarUint(encoder, messageAwareness);
    encoding.writeVarUint8Array(encoder, update);
    return encoding.toUint8Array(encoder);
  };
  // Unsent while disconnected: on (re)connecting the provider sends our state itself.
  const sendOnSocket = (update: Uint8Array): void => {
    const ws = provider.ws;
    if (provider.wsconnected && ws && ws.readyState === ws.OPEN) ws.send(frame(update));
  };
  const own = sendOwnPresence(awareness, sendOnSocket, opts.presenceIntervalMs ?? PRESENCE_INTERVAL_MS);
  // The provider's destroy() detaches `_awarenessUpdateHandler`: point it at a no-op so the
  // stock handler is off from now on, and stop ours with the provider.
  awareness.off('update', provider._awarenessUpdateHandler);
  provider._awarenessUpdateHandler = () => {};
  // The stock sync handler (y-protocols' readSyncMessage), but received updates go through
  // applyRemoteUpdate.
  provider.messageHandlers[messageSync] = (encoder, decoder, _provider, emitSynced) => {
    encoding.writeVarUint(encoder, messageSync);
    const type = decoding.readVarUint(decoder);
    if (type === syncProtocol.messageYjsSyncStep1) {
      syncProtocol.readSyncStep1(decoder, encoder, provider.doc);
    } else if (type === syncProtocol.messageYjsSyncStep2 || type === syncProtocol.messageYjsUpdate) {
      applyRemoteUpdate(provider.doc, decoding.readVarUint8Array(decoder), provider);
      if (emitSynced && type === syncProtocol.messageYjsSyncStep2 && !provider.synced) provider.synced = true;
    } else {
      throw new Error('Unknown message type');
    }
  };
  provider.messageHandlers[messageQueryAwareness] = (encoder) => {
    encoding.writeVarUint(encoder, messageAwareness);
    encoding.writeVarUint8Array(encoder, encodeAwarenessUpdate(awareness, [awareness.clientID]));
  };
  const destroy = provider.destroy.bind(provider);
  provider.destroy = () => {
    own.stop();
    destroy();
  };
  return provider;
}
