// @ts-check
// fadeIn: opacity 0 -> 1 across the plugin window. A pure function of progress.
export const name = 'fadeIn';
export const version = '1.0.0';

/** @param {unknown} name @param {any} gsap */
function easing(name, gsap) {
  if (typeof name === 'string' && gsap && typeof gsap.parseEase === 'function') {
    const fn = gsap.parseEase(name);
    if (typeof fn === 'function') return fn;
  }
  return (/** @type {number} */ t) => t;
}

/** @param {HTMLElement} el @param {Record<string, unknown>} options @param {any} ctx */
export function animate(el, options, ctx) {
  const ease = easing(options?.easing ?? 'power1.out', ctx?.gsap);
  return (/** @type {number} */ progress) => {
    const p = Math.min(1, Math.max(0, progress));
    el.style.opacity = String(ease(p));
  };
}

/** @param {HTMLElement} el */
export function cleanup(el) {
  el.style.opacity = '';
}
