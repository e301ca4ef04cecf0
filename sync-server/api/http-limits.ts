/**
 * How long the room server waits for a client and how many connections it holds. Every
 * timeout is finite and every pool is capped, so slow or idle clients cannot take the server
 * off the air; the figures suit a room of a few hundred laptops on a busy Wi-Fi.
 */
export interface HttpLimits {
  /** Time to receive a request's headers (also: a new connection that sends nothing). */
  readonly headersTimeoutMs: number;
  /**
   * A request body must arrive within `bodyGraceMs` plus its size at `minBodyBytesPerSecond`
   * (its declared length, or the route's limit when it declares none). Uploads are large and
   * legitimately slow on room Wi-Fi, so their deadline is a minimum rate rather than a short
   * absolute time: a 200 MB upload may take 1 h 47 min at the default rate; a `/join` body
   * gets 10 s.
   */
  readonly bodyGraceMs: number;
  readonly minBodyBytesPerSecond: number;
  /** An idle keep-alive connection is closed after this long. */
  readonly keepAliveTimeoutMs: number;
  /**
   * While an answer is being sent, a connection on which nothing moves for this long is closed
   * (a client that stopped reading a download). The time a handler works before answering is
   * not limited by it: an upload's conversion may take minutes.
   */
  readonly idleTimeoutMs: number;
  /**
   * Open HTTP connections (not counting WebSockets), room-wide. Past seven eighths of it, an
   * address that already holds 4 connections gets no more: the last eighth is kept for light
   * users, so a flood from many addresses still leaves room for `/health` and a download.
   */
  readonly maxConnections: number;
  /** Open HTTP connections per client address (IPv6 by /64). */
  readonly maxConnectionsPerAddress: number;
  /** Open WebSockets (Yjs), room-wide; the same fairness rule as HTTP. */
  readonly maxSockets: number;
  /** Open WebSockets per client address (IPv6 by /64). */
  readonly maxSocketsPerAddress: number;
  /**
   * Loopback clients (this machine: the desktop app next to the server, scripts, benchmarks)
   * are exempt from the per-address caps; the room-wide caps still hold.
   */
  readonly exemptLoopback: boolean;
}

export const DEFAULT_HTTP_LIMITS: HttpLimits = {
  headersTimeoutMs: 20_000,
  bodyGraceMs: 10_000,
  minBodyBytesPerSecond: 32 * 1024,
  keepAliveTimeoutMs: 10_000,
  idleTimeoutMs: 60_000,
  maxConnections: 2_048,
  maxConnectionsPerAddress: 32,
  maxSockets: 4_096,
  maxSocketsPerAddress: 64,
  exemptLoopback: true,
};

/** The limits with the given ones in place of the defaults; refuses figures that make no sense. */
export function resolveHttpLimits(given: Partial<HttpLimits> = {}): HttpLimits {
  const limits: HttpLimits = { ...DEFAULT_HTTP_LIMITS, ...given };
  for (const [name, value] of Object.entries(limits)) {
    if (typeof value === 'number' && !(Number.isSafeInteger(value) && value > 0)) {
      throw new Error(`limits.${name} must be a positive whole number, not ${value}`);
    }
  }
  return limits;
}

/** How long a body of `bytes` may take to arrive. */
export function bodyDeadlineMs(limits: HttpLimits, bytes: number): number {
  return limits.bodyGraceMs + Math.ceil((Math.max(0, bytes) * 1000) / limits.minBodyBytesPerSecond);
}
