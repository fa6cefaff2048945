import type { Anchor } from '../types.js';
import { parseOverrideBlock } from './ass-override-tags.js';
import { normalizeCssColor } from './css-color.js';
import { numpadAnchor } from './numpad-anchor.js';
import { createSpanBuilder } from './span-builder.js';
import type { SubtitleStyle, TextSpan } from './types.js';
import type { WarningSink } from './warning-sink.js';

export interface SrtMarkupInput {
  /** The cue's text lines as written. */
  lines: string[];
  /** 1-based file line of `lines[0]`. */
  firstLine: number;
  warnings: WarningSink;
}

export interface SrtMarkup {
  lines: TextSpan[][];
  anchor?: Anchor;
}

const TAG = /<(\/?)([a-zA-Z][a-zA-Z0-9]*)([^<>]*)>/y;
const BRACES = /\{([^{}]*)\}/y;
const ATTRIBUTE = /([a-zA-Z-]+)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+))/g;

interface FontFrame {
  color?: string;
  face?: string;
}

/**
 * The markup SRT files carry in practice: `<b> <i> <u> <s>`, `<font color face>`, and ASS-style
 * `{\an8}` / `{\i1}` blocks some editors write. Tags may span lines and are often left unclosed;
 * both are tolerated. A `<` or `{` that does not form a tag is kept as text ("a < b").
 */
export function parseSrtMarkup(input: SrtMarkupInput): SrtMarkup {
  const { warnings } = input;
  const builder = createSpanBuilder();
  const counts = { b: 0, i: 0, u: 0, s: 0 };
  const fonts: FontFrame[] = [];
  let overrides: SubtitleStyle = {};
  let anchor: Anchor | undefined;

  const currentStyle = (): SubtitleStyle => {
    const style: SubtitleStyle = {};
    if (counts.b > 0) style.fontWeight = 700;
    if (counts.i > 0) style.italic = true;
    if (counts.u > 0) style.underline = true;
    if (counts.s > 0) style.strikeout = true;
    for (const font of fonts) {
      if (font.color) style.color = font.color;
      if (font.face) style.fontFamily = font.face;
    }
    return { ...style, ...overrides };
  };

  input.lines.forEach((raw, lineIndex) => {
    if (lineIndex > 0) builder.newLine();
    const lineNumber = input.firstLine + lineIndex;
    let text = '';
    const flush = (): void => {
      builder.push(text, currentStyle());
      text = '';
    };
    let i = 0;
    while (i < raw.length) {
      const c = raw[i]!;
      if (c === '<') {
        TAG.lastIndex = i;
        const match = TAG.exec(raw);
        if (match) {
          flush();
          const closing = match[1] === '/';
          const name = match[2]!.toLowerCase();
          if (name === 'b' || name === 'i' || name === 'u' || name === 's') {
            counts[name] = Math.max(0, counts[name] + (closing ? -1 : 1));
          } else if (name === 'font') {
            if (closing) fonts.pop();
            else fonts.push(fontFrame(match[3] ?? '', lineNumber, i + 1, warnings));
          } else {
            warnings.add(
              {
                code: 'unsupported-tag',
                message: `tag <${closing ? '/' : ''}${name}> is not supported in SRT and was dropped`,
                line: lineNumber,
                column: i + 1,
              },
              `srt-tag:${name}`,
            );
          }
          i = TAG.lastIndex;
          continue;
        }
      } else if (c === '{') {
        BRACES.lastIndex = i;
        const match = BRACES.exec(raw);
        if (match && match[1]!.includes('\\')) {
          flush();
          for (const tag of parseOverrideBlock(match[1]!)) {
            const column = i + 2 + tag.offset;
            const value = tag.args[0] ?? '';
            if ((tag.name === 'an' || tag.name === 'a') && anchor === undefined) {
              anchor = numpadAnchor(Number(value), tag.name === 'a');
            } else if (tag.name === 'i' || tag.name === 'u' || tag.name === 's') {
              const on = value === '1';
              overrides = {
                ...overrides,
                [{ i: 'italic', u: 'underline', s: 'strikeout' }[tag.name]]: on,
              };
            } else if (tag.name === 'b') {
              overrides = { ...overrides, fontWeight: value === '0' || value === '' ? 400 : 700 };
            } else if (
              (tag.name === 'c' || tag.name === '1c') &&
              /^&?H?[0-9a-f]+&?$/i.test(value)
            ) {
              const bgr = value.replace(/[&Hh]/g, '').padStart(6, '0').slice(-6);
              overrides = {
                ...overrides,
                color: `#${bgr.slice(4, 6)}${bgr.slice(2, 4)}${bgr.slice(0, 2)}`.toLowerCase(),
              };
            } else if (tag.name === 'fn' && value !== '') {
              overrides = { ...overrides, fontFamily: value };
            } else {
              warnings.add(
                {
                  code: 'unsupported-tag',
                  message: `override ${tag.raw} is not supported in SRT and was dropped`,
                  line: lineNumber,
                  column,
                },
                `srt-override:${tag.name}`,
              );
            }
          }
          i = BRACES.lastIndex;
          continue;
        }
      }
      text += c;
      i++;
    }
    flush();
  });
  return anchor === undefined ? { lines: builder.lines() } : { lines: builder.lines(), anchor };
}

function fontFrame(
  attributes: string,
  line: number,
  column: number,
  warnings: WarningSink,
): FontFrame {
  const frame: FontFrame = {};
  for (const match of attributes.matchAll(ATTRIBUTE)) {
    const name = match[1]!.toLowerCase();
    const value = match[2] ?? match[3] ?? match[4] ?? '';
    if (name === 'color') {
      const color = normalizeCssColor(value);
      if (color) frame.color = color;
      else
        warnings.add(
          {
            code: 'invalid-color',
            message: `font color "${value}" is not a colour and was ignored`,
            line,
            column,
          },
          `srt-color:${value}`,
        );
    } else if (name === 'face') {
      frame.face = value;
    } else {
      warnings.add(
        {
          code: 'unsupported-tag',
          message: `<font ${name}> is not supported and was ignored`,
          line,
          column,
        },
        `srt-font:${name}`,
      );
    }
  }
  return frame;
}
