// Test plugin: Math.random once, at init.
export const name = 'randomColor';
export const version = '1.0.0';
export function init(el) {
  el.dataset.hue = String(Math.floor(Math.random() * 360));
}
export function animate(el) {
  return (p) => {
    el.style.color = `hsl(${el.dataset.hue}, 90%, ${40 + 20 * p}%)`;
  };
}
