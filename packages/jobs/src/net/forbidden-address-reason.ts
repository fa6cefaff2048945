import { parseIpAddress, type IpAddress } from './parse-ip-address.js';

interface Range {
  family: 4 | 6;
  base: number[];
  prefix: number;
  reason: string;
}

function range(family: 4 | 6, cidr: string, reason: string): Range {
  const [address = '', bits = ''] = cidr.split('/');
  const parsed = parseIpAddress(address);
  if (!parsed || parsed.family !== family) throw new Error(`bad range ${cidr}`);
  return { family, base: parsed.bytes, prefix: Number(bits), reason };
}

/**
 * Where an untrusted URL must never lead: this machine, the private network it sits in, and the
 * cloud provider's metadata service (which hands out credentials). Order matters only for the
 * reason reported: the more specific range comes first.
 */
const FORBIDDEN: Range[] = [
  range(4, '169.254.169.254/32', 'a cloud metadata address'),
  range(4, '0.0.0.0/8', 'an unspecified ("this network") address'),
  range(4, '10.0.0.0/8', 'a private (RFC 1918) address'),
  range(4, '100.64.0.0/10', 'a carrier-grade NAT (shared) address'),
  range(4, '127.0.0.0/8', 'a loopback address'),
  range(4, '169.254.0.0/16', 'a link-local address'),
  range(4, '172.16.0.0/12', 'a private (RFC 1918) address'),
  // 192.0.0.0/24 holds protocol assignments such as 192.0.0.192, another provider's metadata.
  range(4, '192.0.0.0/24', 'an IETF protocol assignment address'),
  range(4, '192.0.2.0/24', 'a documentation address'),
  range(4, '192.168.0.0/16', 'a private (RFC 1918) address'),
  range(4, '198.18.0.0/15', 'a benchmarking address'),
  range(4, '198.51.100.0/24', 'a documentation address'),
  range(4, '203.0.113.0/24', 'a documentation address'),
  range(4, '224.0.0.0/4', 'a multicast address'),
  range(4, '240.0.0.0/4', 'a reserved or broadcast address'),
  range(6, 'fd00:ec2::254/128', 'a cloud metadata address'),
  range(6, '::/128', 'an unspecified address'),
  range(6, '::1/128', 'a loopback address'),
  range(6, '100::/64', 'a discard-only address'),
  // RFC 8215 local-use NAT64: the operator's own translator, whose IPv4 side is wherever it sits
  // (the embedded IPv4 may be at any RFC 6052 offset, so the whole prefix is refused).
  range(6, '64:ff9b:1::/48', 'a local-use NAT64 (RFC 8215) address'),
  // Teredo tunnels to an IPv4 relay and client (RFC 4380); nothing we fetch is served from one,
  // and its obfuscated IPv4 client address is easy to aim at a private network.
  range(6, '2001::/32', 'a Teredo tunnel address'),
  range(6, '2001:db8::/32', 'a documentation address'),
  range(6, 'fc00::/7', 'a unique local (private) address'),
  range(6, 'fe80::/10', 'a link-local address'),
  range(6, 'fec0::/10', 'a site-local address'),
  range(6, 'ff00::/8', 'a multicast address'),
];

function inRange(address: IpAddress, r: Range): boolean {
  if (address.family !== r.family) return false;
  for (let bit = 0; bit < r.prefix; bit += 8) {
    const take = Math.min(8, r.prefix - bit);
    const mask = (0xff << (8 - take)) & 0xff;
    const i = bit / 8;
    if (((address.bytes[i] ?? 0) & mask) !== ((r.base[i] ?? 0) & mask)) return false;
  }
  return true;
}

/**
 * IPv6 forms that carry an IPv4 address a packet may end up at: IPv4-mapped (::ffff:a.b.c.d,
 * what a dual-stack socket shows for IPv4 peers), IPv4-translated (::ffff:0:a.b.c.d, RFC 2765
 * SIIT), the deprecated IPv4-compatible (::a.b.c.d), NAT64 (64:ff9b::/96) and 6to4
 * (2002:AABB:CCDD::/16). Each is judged by its IPv4 address.
 */
function embeddedIpv4(address: IpAddress): IpAddress | null {
  if (address.family !== 6) return null;
  const b = address.bytes;
  const zeros = (from: number, to: number): boolean => b.slice(from, to).every((x) => x === 0);
  if (zeros(0, 10) && b[10] === 0xff && b[11] === 0xff) return { family: 4, bytes: b.slice(12) };
  if (zeros(0, 8) && b[8] === 0xff && b[9] === 0xff && zeros(10, 12)) {
    return { family: 4, bytes: b.slice(12) };
  }
  if (zeros(0, 12) && !zeros(12, 16) && !(zeros(12, 15) && b[15] === 1)) {
    return { family: 4, bytes: b.slice(12) };
  }
  if (b[0] === 0x00 && b[1] === 0x64 && b[2] === 0xff && b[3] === 0x9b && zeros(4, 12)) {
    return { family: 4, bytes: b.slice(12) };
  }
  if (b[0] === 0x20 && b[1] === 0x02) return { family: 4, bytes: b.slice(2, 6) };
  return null;
}

/**
 * Why an untrusted request must not connect to `address` (loopback, private, link-local, CGNAT,
 * multicast, unspecified, cloud metadata…), or null when it is a public address. Text that is not
 * an IP address is refused too: callers pass what a resolver or a socket reported.
 */
export function forbiddenAddressReason(address: string): string | null {
  const parsed = parseIpAddress(address);
  if (!parsed) return 'not an IP address';
  const embedded = embeddedIpv4(parsed);
  if (embedded) {
    const inner = FORBIDDEN.find((r) => inRange(embedded, r));
    if (inner) return `${inner.reason} (embedded in ${address})`;
  }
  return FORBIDDEN.find((r) => inRange(parsed, r))?.reason ?? null;
}
