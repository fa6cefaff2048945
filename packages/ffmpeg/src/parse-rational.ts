import type { Rational } from './types.js';

/** Parses FFmpeg's `num/den` (or a plain number); null for `0/0`, `N/A` and other non-rates. */
export function parseRational(text: string | undefined): Rational | null {
  if (text === undefined) return null;
  const match = /^\s*(\d+)(?:\s*\/\s*(\d+))?\s*$/.exec(text);
  if (!match) return null;
  const num = Number(match[1]);
  const den = match[2] === undefined ? 1 : Number(match[2]);
  if (!Number.isSafeInteger(num) || !Number.isSafeInteger(den) || num <= 0 || den <= 0) return null;
  return { num, den };
}
