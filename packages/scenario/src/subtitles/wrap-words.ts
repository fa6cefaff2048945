export interface WordWrap {
  lines: number;
  /** Widest line, including the trailing gap the flow layout puts after every word. */
  widest: number;
}

/**
 * Greedy wrapping of word boxes the way the engine's flex-wrap row does it: every word carries a
 * right margin of `gap`, a word moves to the next line when it does not fit, and a word wider
 * than the line still takes a line of its own.
 */
export function wrapWords(
  widths: readonly number[],
  gap: number,
  maxWidth: number,
  range: { from: number; to: number } = { from: 0, to: widths.length },
): WordWrap {
  if (range.to <= range.from) return { lines: 0, widest: 0 };
  let lines = 1;
  let current = 0;
  let widest = 0;
  for (let i = range.from; i < range.to; i++) {
    const box = widths[i]! + gap;
    if (current > 0 && current + box > maxWidth + 1e-9) {
      widest = Math.max(widest, current);
      lines++;
      current = 0;
    }
    current += box;
  }
  return { lines, widest: Math.max(widest, current) };
}
