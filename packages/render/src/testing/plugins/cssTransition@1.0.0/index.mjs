// Test plugin: starts a CSS transition (compositor time, unless the page drives it).
export const name = 'cssTransition';
export const version = '1.0.0';
export function init(el) {
  el.style.display = 'inline-block';
  el.style.transition = 'transform 700ms linear';
  el.getBoundingClientRect();
  el.style.transform = 'translateX(60px)';
}
export function animate() {
  return () => {};
}
