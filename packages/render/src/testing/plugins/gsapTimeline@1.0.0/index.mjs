// Test plugin: returns a GSAP timeline built with .to(), whose start values are recorded at its
// first render (order-dependent unless frames replay from the mount).
export const name = 'gsapTimeline';
export const version = '1.0.0';
export function animate(el, options, ctx) {
  const gsap = ctx.gsap ?? window.gsap;
  el.style.display = 'inline-block';
  const tl = gsap.timeline({ paused: true });
  tl.to(el, { x: 40, duration: 0.5 }).to(el, { y: -20, scale: 1.4, duration: 0.5 });
  return tl;
}
