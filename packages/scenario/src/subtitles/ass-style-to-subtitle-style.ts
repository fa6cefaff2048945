import { assColorToCss } from './ass-color-to-css.js';
import type { AssStyle } from './ass-style.js';
import type { SubtitleStyle } from './types.js';

/**
 * ASS `Fontsize` is the font's cell height (ascent + descent, as GDI and libass size fonts), not
 * its em size. For Arial/Liberation Sans the cell is 2288/2048 ≈ 1.117 em, so em = size / 1.117.
 */
const CELL_TO_EM = 2048 / 2288;

/** An ASS style in MotionText terms: frame fractions and CSS colours. */
export function assStyleToSubtitleStyle(
  style: AssStyle,
  playResY: number,
  karaoke = false,
): SubtitleStyle {
  const result: SubtitleStyle = {
    fontFamily: style.fontName,
    fontSize: (style.fontSize / playResY) * CELL_TO_EM,
    fontWeight: style.fontWeight,
    italic: style.italic,
    underline: style.underline,
    strikeout: style.strikeout,
    // In karaoke, text not yet sung shows in the secondary colour and turns primary when sung.
    color: assColorToCss(karaoke ? style.secondary : style.primary),
    align: [1, 4, 7].includes(style.alignment)
      ? 'left'
      : [3, 6, 9].includes(style.alignment)
        ? 'right'
        : 'center',
  };
  if (karaoke) result.highlightColor = assColorToCss(style.primary);
  if (style.borderStyle === 3) {
    // Opaque box: VSFilter and libass fill it with the outline colour.
    result.backgroundColor = assColorToCss(style.outline);
    result.outlineWidth = 0;
  } else {
    result.outlineWidth = style.outlineWidth / playResY;
    result.outlineColor = assColorToCss(style.outline);
  }
  result.shadowDepth = style.shadow / playResY;
  result.shadowColor = assColorToCss(style.back);
  return result;
}
