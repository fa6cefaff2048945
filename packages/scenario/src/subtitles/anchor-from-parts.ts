import type { Anchor } from '../types.js';

/** Composes a MotionText anchor from a vertical (t/c/b) and a horizontal (l/c/r) part. */
export function anchorFromParts(vertical: 't' | 'c' | 'b', horizontal: 'l' | 'c' | 'r'): Anchor {
  return `${vertical}${horizontal}` as Anchor;
}
