import type { AssColor } from './ass-color.js';

/** `#rrggbb` when opaque, `rgba(r,g,b,a)` otherwise. */
export function assColorToCss(color: AssColor): string {
  if (color.a >= 1) {
    return `#${[color.r, color.g, color.b].map((v) => v.toString(16).padStart(2, '0')).join('')}`;
  }
  return `rgba(${color.r},${color.g},${color.b},${Math.round(color.a * 1000) / 1000})`;
}
