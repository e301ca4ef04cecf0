import type { IncomingMessage, Server } from 'node:http';
import type { Socket } from 'node:net';
import type { Duplex } from 'node:stream';
import type { Logger } from 'pino';
import { addressGroup, isLoopback } from '../auth/address-group';
import type { HttpLimits } from './http-limits';

/** An address holding fewer connections than this still gets one when a pool is nearly full. */
const LIGHT_USER = 4;

/** Open connections of one kind, room-wide and per address group. */
class ConnectionPool {
  private total = 0;
  private readonly byAddress = new Map<string, number>();

  constructor(
    private readonly max: number,
    private readonly perAddress: number,
  ) {}

  get size(): number {
    return this.total;
  }

  /** Takes a place for `group`, or says why not. */
  tryAdd(group: string, exempt: boolean): 'ok' | 'address' | 'full' {
    const mine = this.byAddress.get(group) ?? 0;
    if (this.total >= this.max) return 'full';
    if (!exempt) {
      if (mine >= this.perAddress) return 'address';
      // The last eighth of the pool is for addresses that hold only a few connections.
      if (this.total >= this.max - Math.ceil(this.max / 8) && mine >= LIGHT_USER) return 'full';
    }
    this.total++;
    this.byAddress.set(group, mine + 1);
    return 'ok';
  }

  remove(group: string): void {
    const mine = this.byAddress.get(group) ?? 0;
    if (mine <= 1) this.byAddress.delete(group);
    else this.byAddress.set(group, mine - 1);
    this.total = Math.max(0, this.total - 1);
  }
}

interface Tracked {
  readonly group: string;
  readonly exempt: boolean;
  pool: ConnectionPool | null;
}

export interface ConnectionCounts {
  readonly http: number;
  readonly sockets: number;
}

/** The answer to a refused connection: 429 `rate_limited` like any other "too much", whatever the cap. */
function refusal(message: string): string {
  const body = JSON.stringify({ error: { code: 'rate_limited', message } });
  return (
    'HTTP/1.1 429 Too Many Requests\r\nConnection: close\r\nRetry-After: 5\r\n' +
    `Content-Type: application/json; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`
  );
}

/** Answers and closes a connection we will not serve, reading nothing more from it. */
function refuse(socket: Duplex, answer: string): void {
  socket.on('error', () => {});
  socket.pause();
  socket.end(answer, () => socket.destroy());
  // A peer that never reads its answer does not keep the socket.
  setTimeout(() => socket.destroy(), 2_000).unref();
}

/**
 * Caps the connections the HTTP server holds: plain HTTP connections and upgraded
 * WebSockets (the Yjs hub shares the port) in two separate pools, each with a room-wide and a
 * per-address cap (IPv6 by /64). Separate pools mean a flood of HTTP connections never closes
 * or crowds out an open Yjs socket, and a flood of sockets never takes the places HTTP needs;
 * a new socket does need a free HTTP place for its upgrade request, for the few seconds the
 * request timeouts give a flood — which is what the per-address caps and the light-user
 * reserve are for. A connection past a cap is answered at once (429 `rate_limited`, Retry-After
 * 5 s) and closed.
 *
 * Must be installed before the hub's `upgrade` listener: it runs first and moves the socket
 * from the HTTP pool to the socket pool (or refuses it, and the hub then finds it closed).
 */
export function guardConnections(server: Server, limits: HttpLimits, logger: Logger): () => ConnectionCounts {
  // A hard ceiling below all of this, at accept time (cheaper than accepting and refusing): both
  // pools full plus a few for the refusals themselves.
  server.maxConnections = limits.maxConnections + limits.maxSockets + 64;
  const http = new ConnectionPool(limits.maxConnections, limits.maxConnectionsPerAddress);
  const sockets = new ConnectionPool(limits.maxSockets, limits.maxSocketsPerAddress);
  const tracked = new WeakMap<Duplex, Tracked>();
  let refusedSinceLog = 0;
  let lastLog = 0;
  const noteRefusal = (group: string, why: string) => {
    refusedSinceLog++;
    const now = Date.now();
    // One line every 10 s at most: a flood must not become a flood of log lines.
    if (now - lastLog >= 10_000) {
      logger.warn(
        { address: group, why, refused: refusedSinceLog, http: http.size, sockets: sockets.size },
        'connections refused',
      );
      refusedSinceLog = 0;
      lastLog = now;
    }
  };

  server.on('connection', (socket: Socket) => {
    const ip = socket.remoteAddress ?? '';
    const group = addressGroup(ip);
    const exempt = limits.exemptLoopback && isLoopback(ip);
    const verdict = http.tryAdd(group, exempt);
    if (verdict !== 'ok') {
      noteRefusal(group, verdict);
      refuse(
        socket,
        verdict === 'address'
          ? refusal('too many connections from your address; close some and try again')
          : refusal('the room server is at its connection limit; try again in a moment'),
      );
      return;
    }
    const entry: Tracked = { group, exempt, pool: http };
    tracked.set(socket, entry);
    socket.once('close', () => {
      entry.pool?.remove(group);
      entry.pool = null;
    });
  });

  server.on('upgrade', (_req: IncomingMessage, socket: Duplex) => {
    const entry = tracked.get(socket);
    if (!entry || entry.pool !== http) return;
    http.remove(entry.group);
    entry.pool = null;
    const verdict = sockets.tryAdd(entry.group, entry.exempt);
    if (verdict !== 'ok') {
      noteRefusal(entry.group, `socket ${verdict}`);
      refuse(
        socket,
        verdict === 'address'
          ? refusal('too many open documents from your address')
          : refusal('the room server is at its socket limit; try again in a moment'),
      );
      return;
    }
    entry.pool = sockets;
  });

  return () => ({ http: http.size, sockets: sockets.size });
}
