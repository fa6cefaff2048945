import type { SubtitleStyle } from './types.js';

/** Field-by-field equality of two optional styles (undefined and `{}` are equal). */
export function styleEqual(a: SubtitleStyle | undefined, b: SubtitleStyle | undefined): boolean {
  const left = a ?? {};
  const right = b ?? {};
  const keys = new Set([...Object.keys(left), ...Object.keys(right)]) as Set<keyof SubtitleStyle>;
  for (const key of keys) if (left[key] !== right[key]) return false;
  return true;
}
