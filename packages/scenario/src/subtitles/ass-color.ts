export interface AssColor {
  r: number;
  g: number;
  b: number;
  /** Opacity 0..1 (ASS stores transparency: alpha 00 is opaque, FF invisible). */
  a: number;
}

/**
 * ASS/SSA colours: `&HAABBGGRR` (note the byte order: blue first, red last; alpha is
 * transparency), short `&HBBGGRR&` as override tags write it, or a decimal integer as SSA v4
 * styles do (possibly negative, i.e. a signed 32-bit AABBGGRR). Undefined when unreadable.
 */
export function parseAssColor(value: string): AssColor | undefined {
  const trimmed = value.trim();
  let packed: number;
  const hex = /^&?[hH]([0-9a-fA-F]{1,8})&?$/.exec(trimmed);
  if (hex) packed = Number.parseInt(hex[1]!, 16);
  else if (/^-?\d{1,11}$/.test(trimmed)) packed = Number(trimmed);
  else return undefined;
  if (!Number.isFinite(packed) || packed > 0xffffffff || packed < -0x80000000) return undefined;
  const unsigned = packed >>> 0;
  return {
    r: unsigned & 0xff,
    g: (unsigned >>> 8) & 0xff,
    b: (unsigned >>> 16) & 0xff,
    a: 1 - ((unsigned >>> 24) & 0xff) / 255,
  };
}
