import type { StageAspect } from './preset-types.js';

export interface SafeArea {
  top: number;
  bottom: number;
  left: number;
  right: number;
}

/**
 * Where captions may go, as fractions of the stage.
 * - 16:9: the title-safe area (90 % of width and height, SMPTE ST 2046-1), which also clears
 *   overscan on TVs.
 * - 9:16: short-video apps cover the top with a header, the bottom ~20 % with the caption, audio
 *   and author line, and the right edge with the like/comment/share rail, so the safe box is
 *   narrower on the right and much higher at the bottom.
 */
export const SAFE_AREAS: Readonly<Record<StageAspect, SafeArea>> = {
  '16:9': { top: 0.05, bottom: 0.05, left: 0.05, right: 0.05 },
  '9:16': { top: 0.12, bottom: 0.2, left: 0.06, right: 0.14 },
};
