// @ts-check
// pulse (channel plugin): scale breathes between 1 and `maxScale`, `cycles` times.
export const name = 'pulse';
export const version = '1.0.0';

/** @param {{params?: Record<string, unknown>}} spec @param {number} progress */
export function evalChannels(spec, progress) {
  const max = typeof spec?.params?.maxScale === 'number' ? spec.params.maxScale : 1.1;
  const cycles = typeof spec?.params?.cycles === 'number' ? spec.params.cycles : 1;
  const p = Math.min(1, Math.max(0, progress));
  const scale = 1 + (max - 1) * (0.5 - 0.5 * Math.cos(2 * Math.PI * cycles * p));
  return { sx: scale, sy: scale };
}
