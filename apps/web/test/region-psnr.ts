import type { RgbImage } from './decode-image.js';

export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

/**
 * PSNR (dB) between two RGB24 images of the same size over the union of `rects` (clipped to the
 * image): the pixels where captions are, not the whole frame. Infinity when identical.
 */
export function regionPsnr(
  a: RgbImage,
  b: RgbImage,
  rects: Rect[],
): { psnr: number; pixels: number } {
  if (a.width !== b.width || a.height !== b.height) throw new Error('images differ in size');
  const mask = new Uint8Array(a.width * a.height);
  for (const rect of rects) {
    const x0 = Math.max(0, Math.floor(rect.x));
    const y0 = Math.max(0, Math.floor(rect.y));
    const x1 = Math.min(a.width, Math.ceil(rect.x + rect.width));
    const y1 = Math.min(a.height, Math.ceil(rect.y + rect.height));
    for (let y = y0; y < y1; y += 1) mask.fill(1, y * a.width + x0, y * a.width + x1);
  }
  let sum = 0;
  let pixels = 0;
  for (let i = 0; i < mask.length; i += 1) {
    if (!mask[i]) continue;
    pixels += 1;
    for (let c = 0; c < 3; c += 1) {
      const d = a.rgb[i * 3 + c]! - b.rgb[i * 3 + c]!;
      sum += d * d;
    }
  }
  if (pixels === 0) throw new Error('the region is empty');
  const mse = sum / (pixels * 3);
  return { psnr: mse === 0 ? Infinity : 10 * Math.log10((255 * 255) / mse), pixels };
}
