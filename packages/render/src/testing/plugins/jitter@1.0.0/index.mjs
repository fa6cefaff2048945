// Test plugin: Math.random on every frame (like 4 of the 18 published plugins).
export const name = 'jitter';
export const version = '1.0.0';
export function animate(el) {
  return () => {
    el.style.transform = `translate(${(Math.random() * 30).toFixed(2)}px, ${(Math.random() * 30).toFixed(2)}px)`;
  };
}
