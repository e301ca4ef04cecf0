/**
 * A raw y-websocket peer for hostile tests and the budgets benchmark: it sends whatever frames
 * it is given and, after each, a presence message whose echo proves the server has handled
 * everything before it (the server relays presence to every socket, the sender's too).
 */
import WebSocket from 'ws';
import { presenceMessage, readPresence, syncUpdateMessage } from './hostile-updates';

export type FrameOutcome = 'answered' | 'closed' | 'timeout';

export class RawYjsPeer {
  /** How the server closed the socket, once it has. */
  closedWith: { code: number; reason: string } | null = null;
  private clock = 0;
  private waiting: { clock: number; resolve: () => void } | null = null;
  private readonly closedOnce: Promise<{ code: number; reason: string }>;

  private constructor(
    readonly ws: WebSocket,
    /** The presence client id it uses for its barriers. */
    readonly clientId: number,
  ) {
    this.closedOnce = new Promise((resolve) => {
      ws.on('close', (code, reason) => {
        this.closedWith = { code, reason: reason.toString() };
        const w = this.waiting;
        this.waiting = null;
        w?.resolve();
        resolve(this.closedWith);
      });
    });
    ws.on('message', (data: Buffer) => {
      const w = this.waiting;
      if (!w) return;
      const entries = readPresence(new Uint8Array(data));
      if (entries?.some((e) => e.clientId === this.clientId && e.clock >= w.clock)) {
        this.waiting = null;
        w.resolve();
      }
    });
    ws.on('error', () => {});
  }

  /** Opens a socket; rejects when the server refuses the upgrade or closes before it opens. */
  static open(url: string, clientId = 424242): Promise<RawYjsPeer> {
    return new Promise((resolve, reject) => {
      const ws = new WebSocket(url);
      ws.binaryType = 'nodebuffer';
      const peer = new RawYjsPeer(ws, clientId);
      ws.once('open', () => resolve(peer));
      ws.once('unexpected-response', (_req, res) => reject(new Error(`upgrade refused: ${res.statusCode}`)));
      ws.once('close', (code) => reject(new Error(`closed before opening: ${code}`)));
    });
  }

  /** Resolves with the close once the server has closed the socket. */
  closed(): Promise<{ code: number; reason: string }> {
    return this.closedOnce;
  }

  send(message: Uint8Array): void {
    this.ws.send(message);
  }

  /**
   * Sends `update` as a sync update, then a presence barrier; resolves 'answered' once the
   * server has handled both, 'closed' if it closed the socket first, 'timeout' after `timeoutMs`.
   */
  async frame(update: Uint8Array, timeoutMs: number): Promise<FrameOutcome> {
    if (this.closedWith || this.ws.readyState !== WebSocket.OPEN) return 'closed';
    const clock = ++this.clock;
    const answered = new Promise<void>((resolve) => {
      this.waiting = { clock, resolve };
    });
    this.ws.send(syncUpdateMessage(update));
    this.ws.send(presenceMessage(this.clientId, clock, { barrier: clock }));
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<'timeout'>((resolve) => {
      timer = setTimeout(() => resolve('timeout'), timeoutMs);
    });
    const outcome = await Promise.race([answered.then(() => 'done' as const), timedOut]);
    clearTimeout(timer);
    if (outcome === 'timeout') return 'timeout';
    return this.closedWith ? 'closed' : 'answered';
  }

  terminate(): void {
    this.ws.terminate();
  }
}
