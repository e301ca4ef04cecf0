import { isIPv4, isIPv6 } from 'node:net';

/**
 * The unit a client address is counted in by the limits that work per address (wrong join
 * codes, open connections): an IPv4 address as it is, an IPv6 address by its /64 — one host can
 * pick any address of its /64 (privacy addresses), so counting single IPv6 addresses would count
 * nothing. IPv4-mapped IPv6 addresses (`::ffff:192.0.2.7`) are their IPv4 address.
 *
 * The price: every device of an IPv6 network shares its /64, so on an IPv6-only room network the
 * per-address limits are limits for the whole room. The room server is reached over IPv4 by
 * default (`--host 0.0.0.0`, join links name the LAN's IPv4 address).
 */
export function addressGroup(ip: string): string {
  const address = withoutZone(ip.trim().toLowerCase());
  if (isIPv4(address)) return address;
  const hextets = ipv6Hextets(address);
  if (!hextets) return address;
  if (hextets.slice(0, 5).every((h) => h === 0) && hextets[5] === 0xffff) {
    const [hi, lo] = [hextets[6]!, hextets[7]!];
    return `${hi >> 8}.${hi & 255}.${lo >> 8}.${lo & 255}`;
  }
  return `${hextets
    .slice(0, 4)
    .map((h) => h.toString(16))
    .join(':')}::/64`;
}

/** Whether the address is this machine's own (127.0.0.0/8, ::1, or IPv4-mapped loopback). */
export function isLoopback(ip: string): boolean {
  const address = withoutZone(ip.trim().toLowerCase());
  if (address === '::1') return true;
  const group = addressGroup(address);
  return isIPv4(group) && group.startsWith('127.');
}

function withoutZone(address: string): string {
  const zone = address.indexOf('%');
  return zone >= 0 ? address.slice(0, zone) : address;
}

/** The eight 16-bit groups of an IPv6 address, or null when it is not one. */
function ipv6Hextets(address: string): number[] | null {
  if (!isIPv6(address)) return null;
  let text = address;
  // A dotted IPv4 tail (`::ffff:192.0.2.7`, `64:ff9b::198.51.100.1`) is two groups.
  const lastColon = text.lastIndexOf(':');
  const tail = text.slice(lastColon + 1);
  if (tail.includes('.')) {
    const [a, b, c, d] = tail.split('.').map(Number) as [number, number, number, number];
    text = `${text.slice(0, lastColon + 1)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const [head, rest] = text.split('::') as [string, string | undefined];
  const parse = (part: string) => (part ? part.split(':').map((h) => Number.parseInt(h, 16)) : []);
  const left = parse(head);
  const right = rest === undefined ? [] : parse(rest);
  const zeros = rest === undefined ? 0 : 8 - left.length - right.length;
  const groups = [...left, ...Array<number>(zeros).fill(0), ...right];
  return groups.length === 8 ? groups : null;
}
