// @ts-check
// typewriter: reveals the text one grapheme at a time. Hidden characters keep their space, so the
// line does not reflow while it types (and the caption box does not grow as it goes).
export const name = 'typewriter';
export const version = '1.0.0';

/** @type {WeakMap<HTMLElement, {shown: HTMLSpanElement, hidden: HTMLSpanElement, cursor: HTMLSpanElement | null, graphemes: string[], text: string}>} */
const states = new WeakMap();

/** @param {string} text */
function graphemes(text) {
  if (typeof Intl !== 'undefined' && 'Segmenter' in Intl) {
    return Array.from(
      new Intl.Segmenter(undefined, { granularity: 'grapheme' }).segment(text),
      (s) => s.segment,
    );
  }
  return Array.from(text);
}

/** @param {HTMLElement} el @param {Record<string, unknown>} options */
export function init(el, options) {
  const text = el.textContent ?? '';
  el.textContent = '';
  const shown = document.createElement('span');
  const hidden = document.createElement('span');
  hidden.style.visibility = 'hidden';
  let cursor = null;
  el.append(shown);
  if (options?.cursor === true) {
    cursor = document.createElement('span');
    cursor.textContent = '\u258C';
    el.append(cursor);
  }
  el.append(hidden);
  states.set(el, { shown, hidden, cursor, graphemes: graphemes(text), text });
}

/** @param {HTMLElement} el */
export function animate(el) {
  return (/** @type {number} */ progress) => {
    const state = states.get(el);
    if (!state) return;
    const p = Math.min(1, Math.max(0, progress));
    // The first character is typed the moment the window opens, so the line is never blank on a
    // frame where its node is shown.
    const total = state.graphemes.length;
    const count = p >= 1 ? total : Math.min(total, Math.floor(p * total + 1e-9) + 1);
    state.shown.textContent = state.graphemes.slice(0, count).join('');
    state.hidden.textContent = state.graphemes.slice(count).join('');
    if (state.cursor) state.cursor.style.display = p > 0 && p < 1 ? '' : 'none';
  };
}

/** @param {HTMLElement} el */
export function cleanup(el) {
  const state = states.get(el);
  if (!state) return;
  el.textContent = state.text;
  states.delete(el);
}
