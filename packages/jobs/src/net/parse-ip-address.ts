import { isIPv4, isIPv6 } from 'node:net';

/** An IP address as bytes: 4 for IPv4, 16 for IPv6. */
export interface IpAddress {
  family: 4 | 6;
  bytes: number[];
}

/**
 * Parses a textual IP address (IPv4 dotted quad, IPv6 with `::` compression, an embedded dotted
 * quad or a zone id such as `fe80::1%eth0`, with or without URL brackets) into bytes; null when
 * the text is not an IP address (a host name). Only what `net.isIP` accepts is parsed, so
 * ambiguous forms such as `0x7f.1` or `2130706433` never count as addresses here — and a URL
 * parser has already normalised those to dotted quads before we see them.
 */
export function parseIpAddress(text: string): IpAddress | null {
  const bare = text.startsWith('[') && text.endsWith(']') ? text.slice(1, -1) : text;
  if (isIPv4(bare)) return { family: 4, bytes: bare.split('.').map(Number) };
  const noZone = bare.split('%')[0] ?? '';
  if (!isIPv6(noZone)) return null;

  let head = noZone;
  let tailV4: number[] = [];
  const lastColon = head.lastIndexOf(':');
  const last = head.slice(lastColon + 1);
  if (last.includes('.')) {
    tailV4 = last.split('.').map(Number);
    head = `${head.slice(0, lastColon + 1)}0:0`;
  }
  const [left = '', right] = head.split('::');
  const groups = (part: string): number[] =>
    part === '' ? [] : part.split(':').map((g) => Number.parseInt(g, 16));
  const leftGroups = groups(left);
  const rightGroups = right === undefined ? [] : groups(right);
  const fill = 8 - leftGroups.length - rightGroups.length;
  const all = [
    ...leftGroups,
    ...Array<number>(right === undefined ? 0 : fill).fill(0),
    ...rightGroups,
  ];
  const bytes = all.flatMap((g) => [(g >> 8) & 0xff, g & 0xff]);
  if (tailV4.length === 4) bytes.splice(12, 4, ...tailV4);
  return { family: 6, bytes };
}
