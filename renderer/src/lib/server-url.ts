/**
 * Parsing of room-server addresses and join links. Every URL goes through `new URL()` and is
 * judged by its parsed parts, never by string prefixes (STYLE.md 2(c) rule 10).
 */

const WEB_PROTOCOLS = new Set(['http:', 'https:']);

/**
 * Turns what a person typed into a room-server base URL (its origin, e.g.
 * `http://192.168.1.10:4780`), or null when it is not a usable http(s) address. A missing
 * scheme means http, because room servers on a LAN usually have no certificate name to match.
 */
export function normaliseServerUrl(input: string): string | null {
  const trimmed = input.trim();
  if (trimmed === '') return null;
  const withScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(trimmed) ? trimmed : `http://${trimmed}`;
  let url: URL;
  try {
    url = new URL(withScheme);
  } catch {
    return null;
  }
  if (!WEB_PROTOCOLS.has(url.protocol) || url.hostname === '') return null;
  // Credentials in the address would be sent to the server on every request; refuse them.
  if (url.username !== '' || url.password !== '') return null;
  return url.origin;
}

/** The WebSocket origin matching a room-server base URL (http→ws, https→wss). */
export function toWebSocketUrl(serverUrl: string): string {
  const url = new URL(serverUrl);
  return `${url.protocol === 'https:' ? 'wss:' : 'ws:'}//${url.host}`;
}

/** The address the page itself was served from, when that is a room server (http/https). */
export function pageServerUrl(location: Pick<Location, 'href'>): string | null {
  const url = new URL(location.href);
  return WEB_PROTOCOLS.has(url.protocol) ? url.origin : null;
}

/** Crockford base32 reads I and L as 1 and O as 0, so a code misread from paper still works. */
const CROCKFORD_ALIASES: Record<string, string> = { I: '1', L: '1', O: '0' };

/**
 * Normalises a typed join code to its display form `XXXX-XXXX`, or returns null when it cannot
 * be one. Spaces, dashes and lower case are tolerated, as on the server; whether the code is
 * valid is the server's decision.
 */
export function normaliseJoinCode(input: string): string | null {
  const compact = input
    .toUpperCase()
    .replace(/[\s-]/g, '')
    .replace(/[ILO]/g, (c) => CROCKFORD_ALIASES[c] ?? c);
  if (!/^[0-9A-Z]{8}$/.test(compact)) return null;
  return `${compact.slice(0, 4)}-${compact.slice(4)}`;
}

/** A join link's two halves: where the room server is and which code to redeem. */
export interface JoinLink {
  serverUrl: string;
  code: string;
}

/**
 * Reads a join link such as `http://host:4780/?join=ABCD-EFGH`. Returns null unless it is an
 * http(s) URL with a well-formed `join` parameter.
 */
export function parseJoinLink(input: string): JoinLink | null {
  let url: URL;
  try {
    url = new URL(input.trim());
  } catch {
    return null;
  }
  if (!WEB_PROTOCOLS.has(url.protocol)) return null;
  // `origin` drops credentials, so check them here: "http://phonghop.gov.vn@evil.example/"
  // must not pass as a link to evil.example.
  if (url.username !== '' || url.password !== '') return null;
  const serverUrl = normaliseServerUrl(url.origin);
  const raw = url.searchParams.get('join');
  const code = raw === null ? null : normaliseJoinCode(raw);
  if (serverUrl === null || code === null) return null;
  return { serverUrl, code };
}
