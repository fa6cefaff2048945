// @ts-check
// slideUp: rises into place from `distance` (a fraction of the stage height) below, fading in.
export const name = 'slideUp';
export const version = '1.0.0';

/** @param {unknown} name @param {any} gsap */
function easing(name, gsap) {
  if (typeof name === 'string' && gsap && typeof gsap.parseEase === 'function') {
    const fn = gsap.parseEase(name);
    if (typeof fn === 'function') return fn;
  }
  return (/** @type {number} */ t) => 1 - (1 - t) * (1 - t);
}

/** @param {HTMLElement} el */
function stageHeight(el) {
  const stage = el.closest('.stage');
  return stage instanceof HTMLElement && stage.clientHeight > 0 ? stage.clientHeight : 1080;
}

/** @param {HTMLElement} el @param {Record<string, unknown>} options @param {any} ctx */
export function animate(el, options, ctx) {
  const ease = easing(options?.easing ?? 'power2.out', ctx?.gsap);
  const distance =
    (typeof options?.distance === 'number' ? options.distance : 0.05) * stageHeight(el);
  const fade = options?.fade !== false;
  return (/** @type {number} */ progress) => {
    const e = ease(Math.min(1, Math.max(0, progress)));
    el.style.transform = `translateY(${((1 - e) * distance).toFixed(3)}px)`;
    if (fade) el.style.opacity = String(Math.min(1, Math.max(0, e)));
  };
}

/** @param {HTMLElement} el */
export function cleanup(el) {
  el.style.transform = '';
  el.style.opacity = '';
}
