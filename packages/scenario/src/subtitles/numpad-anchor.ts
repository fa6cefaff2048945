import type { Anchor } from '../types.js';

const ANCHORS: Record<number, Anchor> = {
  1: 'bl',
  2: 'bc',
  3: 'br',
  4: 'cl',
  5: 'cc',
  6: 'cr',
  7: 'tl',
  8: 'tc',
  9: 'tr',
};

/**
 * ASS `\an` numpad alignment (1 = bottom left … 9 = top right) as a MotionText anchor.
 * `legacy` reads SSA/`\a` numbering instead: 1–3 bottom, 5–7 top, 9–11 middle (left, centre, right).
 */
export function numpadAnchor(value: number, legacy = false): Anchor | undefined {
  if (!Number.isInteger(value)) return undefined;
  if (!legacy) return ANCHORS[value];
  const column = ((value - 1) & 3) + 1;
  if (column > 3 || value < 1 || value > 11) return undefined;
  const row = value >= 9 ? 3 : value >= 5 ? 6 : 0;
  return ANCHORS[column + row];
}

/** A MotionText anchor as ASS `\an` numpad alignment: the inverse of numpadAnchor. */
export function anchorNumpad(anchor: Anchor): number {
  return Number(Object.keys(ANCHORS).find((key) => ANCHORS[Number(key)] === anchor));
}
