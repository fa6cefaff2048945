/**
 * The engine's plugin window arithmetic (motiontext-renderer 1.5.0, utils/time-v2
 * computePluginWindowFromBase), reproduced exactly so that planning agrees with what the engine
 * does. Quirk kept on purpose: a percentage on the END bound is measured from the base END, so the
 * default ['0%', '100%'] spans [start, end + duration].
 */
function resolveBound(bound: unknown, base: [number, number], which: 'start' | 'end'): number {
  const [start, end] = base;
  const anchor = which === 'start' ? start : end;
  if (typeof bound === 'string') {
    const text = bound.trim();
    if (text.endsWith('%')) {
      const n = parseFloat(text.slice(0, -1));
      const pct = Number.isFinite(n) ? n / 100 : 0;
      return anchor + (end - start) * pct;
    }
    const n = parseFloat(text);
    return Number.isFinite(n) ? anchor + n : anchor;
  }
  if (typeof bound === 'number') return anchor + bound;
  return anchor;
}

/** Returns null where the engine would throw or never activate (non-finite base time). */
export function pluginWindow(base: unknown, timeOffset: unknown): [number, number] | null {
  if (!Array.isArray(base) || base.length !== 2) return null;
  const [b0, b1] = base as unknown[];
  if (typeof b0 !== 'number' || typeof b1 !== 'number') return null;
  if (!Number.isFinite(b0) || !Number.isFinite(b1)) return null;
  const range: [number, number] = [b0, b1];
  const [o0, o1] = Array.isArray(timeOffset) ? (timeOffset as unknown[]) : ['0%', '100%'];
  const window: [number, number] = [
    resolveBound(o0, range, 'start'),
    resolveBound(o1, range, 'end'),
  ];
  return Number.isFinite(window[0]) && Number.isFinite(window[1]) ? window : null;
}
