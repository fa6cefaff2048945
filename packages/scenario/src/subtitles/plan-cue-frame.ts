import type { BuildContext } from './build-context.js';
import type { CueFrame } from './cue-frame.js';
import { mapSubtitleStyle } from './map-subtitle-style.js';
import type { SubtitleCue } from './types.js';

/** Line breaking aims 6 % short of the real width: the estimator is close, not exact. */
const BREAK_SAFETY = 0.94;
/** Narrowest caption box, so a source position at the frame edge still leaves room for text. */
const MIN_WIDTH = 0.1;

/**
 * Merges the preset with what the cue's source asked for — style, font size, box, placement,
 * margins, fades and movement — into one frame the node builders share.
 */
export function planCueFrame(cue: SubtitleCue, context: BuildContext): CueFrame {
  const { preset, aspect, safe, warnings } = context;
  const fontSize =
    cue.style?.fontSize && cue.style.fontSize > 0 ? cue.style.fontSize : preset.fontSize[aspect];
  const fontWeight = cue.style?.fontWeight ?? Number(preset.text.fontWeight ?? 400);
  const rootStyle = mapSubtitleStyle({
    style: cue.style,
    fontSize,
    fallbackFonts: context.fallbackFonts,
    warnings,
  });
  const box = cue.style?.backgroundColor
    ? {
        backgroundColor: cue.style.backgroundColor,
        padding: preset.box?.padding ?? { x: 0.3, y: 0.1 },
        radius: preset.box?.radius ?? 0,
      }
    : preset.box;

  const hint = cue.position;
  let anchor = hint?.anchor ?? 'bc';
  const vertical = anchor[0] as 't' | 'c' | 'b';
  const horizontal = anchor[1] as 'l' | 'c' | 'r';
  const placedByPreset = hint?.x === undefined || hint.y === undefined;
  const margin = hint?.margin;
  const left = placedByPreset ? Math.max(safe.left, margin?.left ?? 0) : 0;
  const right = placedByPreset ? Math.max(safe.right, margin?.right ?? 0) : 0;
  let x =
    hint?.x ??
    (horizontal === 'l' ? left : horizontal === 'r' ? 1 - right : (left + 1 - right) / 2);
  let y =
    hint?.y ??
    (vertical === 'b'
      ? 1 - Math.max(preset.bottomMargin[aspect], margin?.vertical ?? 0)
      : vertical === 't'
        ? Math.max(safe.top, margin?.vertical ?? 0)
        : 0.5);

  let slide: CueFrame['slide'];
  if (cue.move) {
    const { from, to } = cue.move;
    // slideUp rises into place from `distance` below: it expresses a straight upward \move that
    // starts with the line. Anything else stays at its start position.
    if (Math.abs(to.x - from.x) < 0.002 && from.y - to.y > 0.001 && cue.move.start <= 0.001) {
      x = to.x;
      y = to.y;
      slide = {
        distance: from.y - to.y,
        start: cue.start,
        end: cue.start + Math.max(0.01, cue.move.end),
      };
    } else {
      warnings.add(
        {
          code: 'unsupported-move',
          message:
            '\\move other than straight up from the line start cannot be animated; shown at its start position',
          line: cue.sourceLine,
        },
        'build:move',
      );
    }
  }

  // Room to the frame (or safe area) edge on the side(s) the anchor grows towards.
  const available =
    horizontal === 'l'
      ? 1 - right - x
      : horizontal === 'r'
        ? x - left
        : 2 * Math.min(x - left, 1 - right - x);
  const maxWidth = Math.max(
    MIN_WIDTH,
    Math.min(preset.maxWidth[aspect], 1 - left - right, available, hint?.maxWidth ?? 1),
  );
  if (!placedByPreset && available < MIN_WIDTH)
    anchor = anchor[0] === 't' ? 'tc' : anchor[0] === 'b' ? 'bc' : 'cc';

  const duration = cue.end - cue.start;
  let fadeIn = 0;
  let fadeOut = 0;
  if (cue.fade) {
    // The source's fades win; if they overlap (longer than the cue together), scale them down.
    const scale = Math.min(1, duration / Math.max(1e-6, cue.fade.in + cue.fade.out));
    fadeIn = cue.fade.in * scale;
    fadeOut = cue.fade.out * scale;
    if (preset.box && (fadeIn > 0 || fadeOut > 0)) {
      warnings.add(
        {
          code: 'box-not-faded',
          message:
            "text fades, but the caption box cannot be faded in motiontext-renderer 1.5.0 (plugins do not reach a group's box)",
        },
        'build:box-fade',
      );
    }
  } else if (preset.animation === 'fade' || preset.animation === 'sweep') {
    fadeIn = Math.min(preset.fade, duration / 4);
    fadeOut = Math.min(preset.fade, duration / 4);
  }

  const frame: CueFrame = {
    fontSize,
    fontWeight,
    lineHeight: preset.lineHeight,
    rootStyle,
    highlightColor: cue.style?.highlightColor ?? preset.highlightColor,
    x,
    y,
    anchor,
    placedByPreset,
    maxWidth,
    breakWidthEm: ((maxWidth * context.ratio) / fontSize) * BREAK_SAFETY,
    align:
      cue.style?.align ?? (horizontal === 'l' ? 'left' : horizontal === 'r' ? 'right' : 'center'),
    fadeIn,
    fadeOut,
  };
  if (box) frame.box = box;
  if (slide) frame.slide = slide;
  return frame;
}
