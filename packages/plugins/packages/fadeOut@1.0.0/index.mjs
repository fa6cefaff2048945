// @ts-check
// fadeOut: opacity 1 -> 0 across the plugin window. A pure function of progress.
export const name = 'fadeOut';
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
  const ease = easing(options?.easing ?? 'power1.in', ctx?.gsap);
  return (/** @type {number} */ progress) => {
    const p = Math.min(1, Math.max(0, progress));
    el.style.opacity = String(1 - ease(p));
  };
}

/** @param {HTMLElement} el */
export function cleanup(el) {
  el.style.opacity = '';
}
