import { BlockList, isIP } from 'node:net';

// BlockList compares addresses numerically, so every spelling of ::1 and IPv4-mapped forms such
// as ::ffff:127.0.0.1 match too.
const LOOPBACK = new BlockList();
LOOPBACK.addSubnet('127.0.0.0', 8, 'ipv4');
LOOPBACK.addAddress('::1', 'ipv6');

/**
 * True when HOST only accepts connections from this machine. `AUTH=auto` turns authentication off
 * only then: a server reachable from the network must never run without keys by accident.
 */
export function isLoopbackHost(host: string): boolean {
  const bare = host.startsWith('[') && host.endsWith(']') ? host.slice(1, -1) : host;
  if (bare.toLowerCase() === 'localhost') return true;
  const family = isIP(bare);
  if (family === 0) return false;
  return LOOPBACK.check(bare, family === 4 ? 'ipv4' : 'ipv6');
}
