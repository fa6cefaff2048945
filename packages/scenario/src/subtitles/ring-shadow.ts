/** Directions of the shadow copies that draw an outline (every 30°: no gaps at the diagonals). */
const RING = Array.from(
  { length: 12 },
  (_, k) => [Math.cos((k * Math.PI) / 6), Math.sin((k * Math.PI) / 6)] as const,
);

const round = (value: number): number => Math.round(value * 1e5) / 1e5;

/**
 * An outline `width` em wide around the glyphs, as CSS text-shadow layers (a ring of unblurred
 * copies). Captions use this rather than MotionText's `stroke` (`-webkit-text-stroke`): the stroke
 * is centred on the glyph edge and eats into the fill — at 9:16 sizes a regular-weight caption
 * turned almost black in Chromium — while an outline drawn outside the glyph, as ASS/libass draw
 * theirs, keeps the letters their colour.
 */
export function ringShadow(width: number, color: string): string[] {
  if (!(width > 0)) return [];
  return RING.map(([dx, dy]) => `${round(dx * width)}em ${round(dy * width)}em 0 ${color}`);
}
