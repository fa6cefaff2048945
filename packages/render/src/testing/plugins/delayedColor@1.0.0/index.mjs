// Test plugin: a timer set at init changes the colour 450 ms later; an interval keeps nudging.
export const name = 'delayedColor';
export const version = '1.0.0';
export function init(el) {
  setTimeout(() => {
    el.style.color = '#ff3030';
  }, 450);
  let n = 0;
  setInterval(() => {
    n += 1;
    el.style.paddingLeft = `${(n % 5) * 3}px`;
  }, 200);
}
export function animate() {
  return () => {};
}
