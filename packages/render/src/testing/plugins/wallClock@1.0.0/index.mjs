// Test plugin: reads Date.now() and performance.now() each frame.
export const name = 'wallClock';
export const version = '1.0.0';
export function animate(el) {
  return () => {
    const t = (Date.now() % 997) + (performance.now() % 991);
    el.style.letterSpacing = `${(t % 13).toFixed(1)}px`;
  };
}
