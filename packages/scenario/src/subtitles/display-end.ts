import { HALF_OPEN_EPSILON } from '../types.js';

/**
 * The inclusive end the engine should show a half-open [start, end) subtitle until. Times are
 * rounded to microseconds so the scenario JSON stays readable (2.4995, not 2.4994999999999998).
 */
export function displayEnd(start: number, end: number): number {
  const adjusted =
    end - start > 2 * HALF_OPEN_EPSILON ? end - HALF_OPEN_EPSILON : start + (end - start) / 2;
  return Math.round(adjusted * 1e6) / 1e6;
}
