// @ts-check
// bobY (channel plugin): vertical sine bob of `amplitudePx`, `cycles` times across the window.
export const name = 'bobY';
export const version = '1.0.0';

/** @param {{params?: Record<string, unknown>}} spec @param {number} progress */
export function evalChannels(spec, progress) {
  const amplitude = typeof spec?.params?.amplitudePx === 'number' ? spec.params.amplitudePx : 10;
  const cycles = typeof spec?.params?.cycles === 'number' ? spec.params.cycles : 1;
  return { ty: amplitude * Math.sin(2 * Math.PI * cycles * Math.min(1, Math.max(0, progress))) };
}
