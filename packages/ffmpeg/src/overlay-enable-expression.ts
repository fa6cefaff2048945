import type { Rational } from './types.js';

/** At most this many `between()` terms in an `enable` expression. */
const MAX_ENABLE_RANGES = 40;

/** `enable` expression for the visible ranges, on frame times with half-frame margins. */
export function overlayEnableExpression(ranges: [number, number][], fps: Rational): string {
  const merged = ranges.map(([a, b]) => [a, b] as [number, number]).sort((p, q) => p[0] - q[0]);
  while (merged.length > MAX_ENABLE_RANGES) {
    let shortest = 0;
    for (let i = 1; i + 1 < merged.length; i += 1) {
      if (merged[i + 1]![0] - merged[i]![1] < merged[shortest + 1]![0] - merged[shortest]![1])
        shortest = i;
    }
    merged.splice(shortest, 2, [merged[shortest]![0], merged[shortest + 1]![1]]);
  }
  const seconds = (frame: number) => Number(((frame * fps.den) / fps.num).toFixed(6));
  const half = fps.den / fps.num / 2;
  return merged
    .map(
      ([a, b]) =>
        `between(t,${Number((seconds(a) - half).toFixed(6))},${Number((seconds(b) + half).toFixed(6))})`,
    )
    .join('+');
}
