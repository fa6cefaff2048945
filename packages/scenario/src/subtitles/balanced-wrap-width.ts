import { wrapWords } from './wrap-words.js';

/**
 * The narrowest line width at which greedy wrapping still needs no more lines than at `maxWidth`.
 * Giving the flow container this width makes the engine's greedy wrap produce balanced lines
 * (two lines of similar length instead of a full line and a short one). Binary search: the line
 * count only grows as the width shrinks.
 */
export function balancedWrapWidth(
  widths: readonly number[],
  gap: number,
  maxWidth: number,
): number {
  const target = wrapWords(widths, gap, maxWidth);
  if (target.lines <= 1) return target.widest;
  let low = Math.max(...widths.map((width) => width + gap));
  let high = Math.max(low, maxWidth);
  for (let step = 0; step < 40 && high - low > 1e-3; step++) {
    const mid = (low + high) / 2;
    if (wrapWords(widths, gap, mid).lines <= target.lines) high = mid;
    else low = mid;
  }
  return wrapWords(widths, gap, high).widest;
}
