import { normalizeCssColor } from './css-color.js';
import type { SubtitleStyle } from './types.js';
import type { WarningSink } from './warning-sink.js';

export interface VttStyleSheet {
  /** `::cue { … }`: applies to every cue. */
  global: SubtitleStyle;
  /** `::cue(.name) { … }`. */
  classes: Map<string, SubtitleStyle>;
}

/**
 * The part of a WebVTT STYLE block that maps onto caption styling: `::cue` and `::cue(.class)`
 * rules with colour, background, weight, italics, underline and font family. Other selectors and
 * properties are reported and ignored.
 */
export function parseVttStyleBlock(input: {
  css: string;
  line: number;
  sheet: VttStyleSheet;
  warnings: WarningSink;
}): void {
  const { sheet, warnings, line } = input;
  const css = input.css.replace(/\/\*[\s\S]*?\*\//g, ' ');
  for (const rule of css.matchAll(/([^{}]+)\{([^{}]*)\}/g)) {
    const declarations = parseDeclarations(rule[2]!, line, warnings);
    for (const rawSelector of rule[1]!.split(',')) {
      const selector = rawSelector.trim();
      if (selector === '::cue') Object.assign(sheet.global, declarations);
      else {
        const match = /^::cue\(\s*\.([\w-]+)\s*\)$/.exec(selector);
        if (match)
          sheet.classes.set(match[1]!, { ...sheet.classes.get(match[1]!), ...declarations });
        else
          warnings.add(
            {
              code: 'unsupported-style',
              message: `STYLE selector "${selector}" is not supported and was ignored`,
              line,
            },
            `vtt-selector:${selector}`,
          );
      }
    }
  }
}

function parseDeclarations(block: string, line: number, warnings: WarningSink): SubtitleStyle {
  const style: SubtitleStyle = {};
  for (const declaration of block.split(';')) {
    const colon = declaration.indexOf(':');
    if (colon < 0) continue;
    const property = declaration.slice(0, colon).trim().toLowerCase();
    const value = declaration
      .slice(colon + 1)
      .replace(/!important/i, '')
      .trim();
    const lower = value.toLowerCase();
    switch (property) {
      case 'color': {
        const color = normalizeCssColor(value);
        if (color) style.color = color;
        break;
      }
      case 'background':
      case 'background-color': {
        const color = normalizeCssColor(value);
        if (color) style.backgroundColor = color;
        break;
      }
      case 'font-weight':
        style.fontWeight =
          lower === 'bold' || lower === 'bolder'
            ? 700
            : lower === 'normal'
              ? 400
              : Number(value) || 400;
        break;
      case 'font-style':
        style.italic = lower === 'italic' || lower === 'oblique';
        break;
      case 'text-decoration':
        if (lower.includes('underline')) style.underline = true;
        if (lower.includes('line-through')) style.strikeout = true;
        break;
      case 'font-family':
        style.fontFamily = value
          .split(',')[0]!
          .trim()
          .replace(/^["']|["']$/g, '');
        break;
      default:
        warnings.add(
          {
            code: 'unsupported-style',
            message: `STYLE property "${property}" is not supported and was ignored`,
            line,
          },
          `vtt-property:${property}`,
        );
    }
  }
  return style;
}
