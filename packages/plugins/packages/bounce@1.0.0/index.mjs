// @ts-check
// bounce: drops in from `height` (a fraction of the stage height) above and bounces `bounces`
// times, each lower, coming to rest at the end of the window.
export const name = 'bounce';
export const version = '1.0.0';

/** @param {HTMLElement} el */
function stageHeight(el) {
  const stage = el.closest('.stage');
  return stage instanceof HTMLElement && stage.clientHeight > 0 ? stage.clientHeight : 1080;
}

/** @param {HTMLElement} el @param {Record<string, unknown>} options */
export function animate(el, options) {
  const height = (typeof options?.height === 'number' ? options.height : 0.04) * stageHeight(el);
  const bounces =
    typeof options?.bounces === 'number' ? Math.max(0, Math.round(options.bounces)) : 2;
  return (/** @type {number} */ progress) => {
    const p = Math.min(1, Math.max(0, progress));
    // |cos| gives a touchdown every half period; (1 - p)^2 shrinks each hop.
    const y = -height * Math.abs(Math.cos(Math.PI * (bounces + 0.5) * p)) * (1 - p) ** 2;
    el.style.transform = `translateY(${y.toFixed(3)}px)`;
  };
}

/** @param {HTMLElement} el */
export function cleanup(el) {
  el.style.transform = '';
}
