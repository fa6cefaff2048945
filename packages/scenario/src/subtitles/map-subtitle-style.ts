import type { Style } from '../types.js';
import { normalizeCssColor } from './css-color.js';
import { ringShadow } from './ring-shadow.js';
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

/**
 * An ASS-like outline and drop shadow as CSS text shadows, in em so they scale with the text (see
 * ringShadow for why not `stroke`). "none" when there is neither: without a stroke or a shadow the
 * engine would add its own glow.
 */
function outlineAndShadow(style: SubtitleStyle, fontSize: number): string {
  const em = (fraction: number): number => round(fraction / Math.max(fontSize, 1e-6));
  const layers: string[] = [];
  const width = em(style.outlineWidth ?? 0);
  layers.push(
    ...ringShadow(
      width,
      (style.outlineColor && normalizeCssColor(style.outlineColor)) ?? '#000000',
    ),
  );
  const depth = em(style.shadowDepth ?? 0);
  if (depth > 0) {
    const color = (style.shadowColor && normalizeCssColor(style.shadowColor)) ?? 'rgba(0,0,0,0.5)';
    // The shadow of the outlined glyph: offset by the depth, as wide as the outline.
    layers.push(`${depth}em ${depth}em ${width > 0 ? `${width}em` : '0'} ${color}`);
  }
  return layers.length > 0 ? layers.join(', ') : 'none';
}

/** A font family name as one safe CSS string: quotes and backslashes cannot break out of it. */
function quoteFamily(name: string): string {
  return `'${name.replace(/['"\\;{}]/g, '').trim()}'`;
}

const round = (value: number): number => Math.round(value * 1e5) / 1e5;

/**
 * Source styling in MotionText style fields. Only fields the source set are returned, so the
 * result overrides the preset's track style and nothing else. Outlines and shadows become text
 * shadows (see outlineAndShadow). What MotionText cannot draw
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
  if (style.outlineWidth !== undefined || style.shadowDepth !== undefined) {
    result.textShadow = outlineAndShadow(style, input.fontSize);
    // The outline is drawn with shadows: no stroke. `null`, not an absent key, which would
    // inherit the preset's stroke.
    if (style.outlineWidth !== undefined) result.stroke = null;
  }
  if (style.align) result.align = style.align;
  return result;
}
