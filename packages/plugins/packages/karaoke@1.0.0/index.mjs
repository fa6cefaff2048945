// @ts-check
// karaoke: word highlight. "switch" shows the highlight colour while the window runs (the current
// word); "sweep" fills the highlight across the text as the window runs. `after` decides what the
// word looks like once its window has passed: "keep" the highlight or "revert" to its own colour.
export const name = 'karaoke';
export const version = '1.0.0';

/** @type {WeakMap<HTMLElement, {base: string}>} */
const states = new WeakMap();

/** @param {HTMLElement} el */
export function init(el) {
  states.set(el, { base: getComputedStyle(el).color });
}

/** @param {HTMLElement} el @param {Record<string, unknown>} options */
export function animate(el, options) {
  const color = typeof options?.color === 'string' ? options.color : '#FFD400';
  const mode = options?.mode === 'sweep' ? 'sweep' : 'switch';
  const after =
    options?.after === 'keep' || options?.after === 'revert'
      ? options.after
      : mode === 'sweep'
        ? 'keep'
        : 'revert';
  const scale = typeof options?.scale === 'number' ? options.scale : 1;
  el.style.transformOrigin = '50% 50%';
  const setFill = (/** @type {string} */ fill) => {
    el.style.color = fill;
    el.style.webkitTextFillColor = fill;
  };
  const reset = () => {
    el.style.color = '';
    el.style.webkitTextFillColor = '';
    el.style.backgroundImage = '';
    el.style.backgroundClip = '';
    el.style.webkitBackgroundClip = '';
    el.style.transform = '';
  };
  return (/** @type {number} */ progress) => {
    const p = Math.min(1, Math.max(0, progress));
    const base = states.get(el)?.base ?? '#ffffff';
    reset();
    if (p <= 0) return;
    if (p >= 1) {
      if (after === 'keep') setFill(color);
      return;
    }
    if (scale !== 1) el.style.transform = `scale(${scale})`;
    if (mode === 'switch') {
      setFill(color);
      return;
    }
    const at = (p * 100).toFixed(3);
    el.style.backgroundImage = `linear-gradient(90deg, ${color} 0%, ${color} ${at}%, ${base} ${at}%, ${base} 100%)`;
    el.style.backgroundClip = 'text';
    el.style.webkitBackgroundClip = 'text';
    el.style.webkitTextFillColor = 'transparent';
  };
}

/** @param {HTMLElement} el */
export function cleanup(el) {
  states.delete(el);
}
