// @ts-check
// pop: scales from `from` past `overshoot` and settles at 1. No fade: the word is on screen from
// the first frame of its window, as a caption must be.
export const name = 'pop';
export const version = '1.0.0';

const easeOut = (/** @type {number} */ t) => 1 - (1 - t) ** 3;
const easeInOut = (/** @type {number} */ t) => (t < 0.5 ? 4 * t ** 3 : 1 - (-2 * t + 2) ** 3 / 2);

/** @param {HTMLElement} el @param {Record<string, unknown>} options */
export function animate(el, options) {
  const from = typeof options?.from === 'number' ? options.from : 0.6;
  const overshoot = typeof options?.overshoot === 'number' ? options.overshoot : 1.15;
  el.style.transformOrigin = '50% 50%';
  return (/** @type {number} */ progress) => {
    const p = Math.min(1, Math.max(0, progress));
    const scale =
      p < 0.6
        ? from + (overshoot - from) * easeOut(p / 0.6)
        : overshoot + (1 - overshoot) * easeInOut((p - 0.6) / 0.4);
    el.style.transform = `scale(${scale.toFixed(5)})`;
  };
}

/** @param {HTMLElement} el */
export function cleanup(el) {
  el.style.transform = '';
  el.style.transformOrigin = '';
}
