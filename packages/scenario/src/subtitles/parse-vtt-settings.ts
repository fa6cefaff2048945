import { anchorFromParts } from './anchor-from-parts.js';
import type { PositionHint, SubtitleStyle } from './types.js';
import type { WarningSink } from './warning-sink.js';

export interface VttRegion {
  id: string;
  /** Fractions of the viewport. */
  width: number;
  lines: number;
  regionAnchor: { x: number; y: number };
  viewportAnchor: { x: number; y: number };
  scroll: boolean;
}

export interface VttSettingsInput {
  settings: string;
  line: number;
  /** 1-based column where `settings` starts on its line. */
  column: number;
  regions: ReadonlyMap<string, VttRegion>;
  warnings: WarningSink;
}

export interface VttSettings {
  position?: PositionHint;
  align?: SubtitleStyle['align'];
}

/**
 * One line of the WebVTT rendering model, as a fraction of the video height: lines are 5vh text
 * with the default 1.2 line-height… rounded the way browsers lay captions out (≈ 5.33 %).
 */
const LINE_HEIGHT = 0.0533;
const PERCENT = /^(\d+(?:\.\d+)?)%$/;

/**
 * Cue settings (`line`, `position`, `size`, `align`, `vertical`, `region`) as placement hints.
 * MotionText places a box by an anchor point, so WebVTT's line snapping is approximated by line
 * height, and vertical text is reported as unsupported (it renders horizontally). Invalid settings
 * are ignored, as the spec requires, with a warning.
 */
export function parseVttSettings(input: VttSettingsInput): VttSettings {
  const { warnings } = input;
  let vertical: 't' | 'c' | 'b' | undefined;
  let y: number | undefined;
  let x: number | undefined;
  let horizontal: 'l' | 'c' | 'r' | undefined;
  let maxWidth: number | undefined;
  let align: SubtitleStyle['align'];
  let region: VttRegion | undefined;
  let hasLineOrSize = false;

  for (const match of input.settings.matchAll(/\S+/g)) {
    const setting = match[0];
    const column = input.column + (match.index ?? 0);
    const colon = setting.indexOf(':');
    const name = colon < 0 ? setting : setting.slice(0, colon);
    const value = colon < 0 ? '' : setting.slice(colon + 1);
    const invalid = (): void =>
      warnings.add(
        {
          code: 'invalid-setting',
          message: `cue setting "${setting}" is invalid and was ignored`,
          line: input.line,
          column,
        },
        `vtt-setting:${name}`,
      );
    switch (name) {
      case 'vertical':
        if (value === 'rl' || value === 'lr') {
          warnings.add(
            {
              code: 'unsupported-setting',
              message: `vertical:${value} text is not supported by MotionText; it renders horizontally`,
              line: input.line,
              column,
            },
            'vtt-vertical',
          );
        } else invalid();
        break;
      case 'line': {
        const [amount = '', lineAlign] = value.split(',');
        const alignPart =
          lineAlign === 'start'
            ? 't'
            : lineAlign === 'center'
              ? 'c'
              : lineAlign === 'end'
                ? 'b'
                : lineAlign === undefined
                  ? undefined
                  : null;
        const percent = PERCENT.exec(amount);
        if (alignPart === null) invalid();
        else if (percent && Number(percent[1]) <= 100) {
          y = Number(percent[1]) / 100;
          vertical = alignPart ?? 't';
          hasLineOrSize = true;
        } else if (/^-?\d+(?:\.\d+)?$/.test(amount)) {
          // A line number counts text lines from the top (0, 1, …) or from the bottom (-1, -2, …).
          const lineNumber = Math.trunc(Number(amount));
          if (lineNumber >= 0) {
            y = Math.min(1, lineNumber * LINE_HEIGHT);
            vertical = 't';
          } else {
            y = Math.max(0, 1 + (lineNumber + 1) * LINE_HEIGHT);
            vertical = 'b';
          }
          hasLineOrSize = true;
          warnings.add(
            {
              code: 'approximate-position',
              message: 'WebVTT line numbers are approximated from the default line height',
              line: input.line,
              column,
            },
            'vtt-line-number',
          );
        } else invalid();
        break;
      }
      case 'position': {
        const [amount = '', positionAlign] = value.split(',');
        const percent = PERCENT.exec(amount);
        const part =
          positionAlign === undefined
            ? undefined
            : positionAlign === 'line-left' || positionAlign === 'start'
              ? 'l'
              : positionAlign === 'center' || positionAlign === 'middle'
                ? 'c'
                : positionAlign === 'line-right' || positionAlign === 'end'
                  ? 'r'
                  : null;
        if (!percent || Number(percent[1]) > 100 || part === null) invalid();
        else {
          x = Number(percent[1]) / 100;
          if (part) horizontal = part;
        }
        break;
      }
      case 'size': {
        const percent = PERCENT.exec(value);
        if (!percent || Number(percent[1]) > 100) invalid();
        else {
          maxWidth = Number(percent[1]) / 100;
          hasLineOrSize = true;
        }
        break;
      }
      case 'align':
        if (value === 'start' || value === 'left') align = 'left';
        else if (value === 'end' || value === 'right') align = 'right';
        else if (value === 'center' || value === 'middle') align = 'center';
        else invalid();
        break;
      case 'region': {
        region = input.regions.get(value);
        if (!region)
          warnings.add(
            {
              code: 'invalid-setting',
              message: `region "${value}" is not defined`,
              line: input.line,
              column,
            },
            `vtt-region:${value}`,
          );
        break;
      }
      default:
        invalid();
    }
  }

  // Position alignment defaults from the text alignment, as in the WebVTT rendering rules.
  if (horizontal === undefined && x !== undefined)
    horizontal = align === 'left' ? 'l' : align === 'right' ? 'r' : 'c';
  if (horizontal === undefined && align !== undefined)
    horizontal = align === 'left' ? 'l' : align === 'right' ? 'r' : 'c';

  const result: VttSettings = {};
  if (align) result.align = align;
  // The spec ignores a cue's region when the cue sets its own line or size.
  if (region && !hasLineOrSize && x === undefined) {
    const height = region.lines * LINE_HEIGHT;
    const left = region.viewportAnchor.x - region.regionAnchor.x * region.width;
    const top = region.viewportAnchor.y - region.regionAnchor.y * height;
    result.position = {
      x: left + region.width / 2,
      y: top + height,
      anchor: 'bc',
      maxWidth: region.width,
    };
    if (region.scroll) {
      warnings.add(
        {
          code: 'unsupported-setting',
          message: `region "${region.id}" scrolls; MotionText shows its cues without scrolling`,
          line: input.line,
        },
        `vtt-scroll:${region.id}`,
      );
    }
    return result;
  }
  if (y === undefined && x === undefined && horizontal === undefined && maxWidth === undefined)
    return result;
  const position: PositionHint = { anchor: anchorFromParts(vertical ?? 'b', horizontal ?? 'c') };
  if (x !== undefined) position.x = x;
  if (y !== undefined) position.y = y;
  if (maxWidth !== undefined) position.maxWidth = maxWidth;
  result.position = position;
  return result;
}
