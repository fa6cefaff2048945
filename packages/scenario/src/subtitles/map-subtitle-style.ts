import type { Style } from '../types.js';
import { normalizeCssColor } from './css-color.js';
import type { SubtitleStyle } from './types.js';
import type { WarningSink } from './warning-sink.js';

export interface MapStyleInput {
  style: SubtitleStyle | undefined;
  /** Font size (fraction of stage height) the text will have, to express shadows in em. */
  fontSize: number;
  /** Appended after a source font name so missing fonts fall back to the preset's faces. */
  fallbackFonts: string;
  warnings: WarningSink;
}

/** A font family name as one safe CSS string: quotes and backslashes cannot break out of it. */
function quoteFamily(name: string): string {
  return `'${name.replace(/['"\\;{}]/g, '').trim()}'`;
}

const round = (value: number): number => Math.round(value * 1e5) / 1e5;

/**
 * Source styling in MotionText style fields. Only fields the source set are returned, so the
 * result overrides the preset's track style and nothing else. What MotionText cannot draw
 * (underline, strike-out) is reported; italics are written as `fontStyle` (scenario spec) with a
 * warning, because motiontext-renderer 1.5.0 does not apply that field.
 */
export function mapSubtitleStyle(input: MapStyleInput): Style {
  const { style, warnings } = input;
  const result: Style = {};
  if (!style) return result;
  if (style.fontFamily)
    result.fontFamily = `${quoteFamily(style.fontFamily)}, ${input.fallbackFonts}`;
  if (style.fontSize !== undefined && style.fontSize > 0)
    result.fontSizeRel = round(style.fontSize);
  if (style.fontWeight !== undefined) result.fontWeight = style.fontWeight;
  if (style.italic !== undefined) {
    result.fontStyle = style.italic ? 'italic' : 'normal';
    if (style.italic) {
      warnings.add(
        {
          code: 'italic-not-rendered',
          message:
            'italic text is written as fontStyle, which motiontext-renderer 1.5.0 does not apply',
        },
        'map:italic',
      );
    }
  }
  if (style.underline)
    warnings.add(
      {
        code: 'unsupported-style',
        message: 'underlined text cannot be expressed in MotionText; shown without underline',
      },
      'map:underline',
    );
  if (style.strikeout)
    warnings.add(
      {
        code: 'unsupported-style',
        message: 'struck-out text cannot be expressed in MotionText; shown without strike-out',
      },
      'map:strikeout',
    );
  const color = style.color && normalizeCssColor(style.color);
  if (color) result.color = color;
  if (style.outlineWidth !== undefined) {
    const outlineColor = (style.outlineColor && normalizeCssColor(style.outlineColor)) ?? '#000000';
    // No outline is `null`, not an absent key: absent would inherit the preset's stroke, and a
    // zero widthRel still draws 1 px in motiontext-renderer 1.5.0.
    result.stroke =
      style.outlineWidth > 0 ? { widthRel: round(style.outlineWidth), color: outlineColor } : null;
  }
  if (style.shadowDepth !== undefined) {
    const shadowColor =
      (style.shadowColor && normalizeCssColor(style.shadowColor)) ?? 'rgba(0,0,0,0.5)';
    // In em, so the shadow scales with the text like an ASS shadow scales with the script.
    const offset = round(style.shadowDepth / Math.max(input.fontSize, 1e-6));
    // "none" rather than omitting it: without a stroke or shadow the engine adds its own glow.
    result.textShadow = style.shadowDepth > 0 ? `${offset}em ${offset}em 0 ${shadowColor}` : 'none';
  }
  if (style.align) result.align = style.align;
  return result;
}
