// @ts-check
// glow: a coloured halo around the text (layered text-shadow), optionally pulsing `cycles` times.
// The glow lives on a [data-glow] span: motiontext-renderer re-initialises a plugin named "glow"
// whenever its effects root has no [data-glow] element.
export const name = 'glow';
export const version = '1.0.0';

/** @param {HTMLElement} el */
export function init(el) {
  if (el.querySelector('[data-glow]')) return;
  const span = document.createElement('span');
  span.dataset.glow = '';
  while (el.firstChild) span.append(el.firstChild);
  el.append(span);
}

/** @param {HTMLElement} el @param {Record<string, unknown>} options */
export function animate(el, options) {
  const color = typeof options?.color === 'string' ? options.color : '#00ffff';
  const intensity = typeof options?.intensity === 'number' ? options.intensity : 0.5;
  const pulse = options?.pulse === true;
  const cycles = typeof options?.cycles === 'number' ? options.cycles : 1;
  return (/** @type {number} */ progress) => {
    const span = el.querySelector('[data-glow]');
    if (!(span instanceof HTMLElement)) return;
    const p = Math.min(1, Math.max(0, progress));
    const level = pulse ? 0.5 + 0.5 * Math.cos(2 * Math.PI * cycles * p) : 1;
    const radius = Math.max(0, 4 + 24 * intensity * level);
    span.style.textShadow = `0 0 ${radius.toFixed(2)}px ${color}, 0 0 ${(radius * 2).toFixed(2)}px ${color}`;
  };
}

/** @param {HTMLElement} el */
export function cleanup(el) {
  const span = el.querySelector('[data-glow]');
  if (span instanceof HTMLElement) span.style.textShadow = '';
}
