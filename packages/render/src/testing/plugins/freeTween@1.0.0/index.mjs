// Test plugin: a free-running GSAP tween started at init, never returned to the engine (like the
// published plugin that ran on wall-clock time).
export const name = 'freeTween';
export const version = '1.0.0';
export function init(el, options, ctx) {
  const gsap = ctx.gsap ?? window.gsap;
  gsap.to(el, { rotation: 360, duration: 1.3, repeat: -1, ease: 'none' });
}
export function animate() {
  return () => {};
}
