// @ts-check
// spin (channel plugin): rotates `fullTurns` times across the window.
export const name = 'spin';
export const version = '1.0.0';

/** @param {{params?: Record<string, unknown>}} spec @param {number} progress */
export function evalChannels(spec, progress) {
  const turns = typeof spec?.params?.fullTurns === 'number' ? spec.params.fullTurns : 1;
  return { rot: 360 * turns * Math.min(1, Math.max(0, progress)) };
}
