import { parseAssColor, type AssColor } from './ass-color.js';
import { DEFAULT_ASS_STYLE, type AssStyle } from './ass-style.js';
import { finalizeCues } from './finalize-cues.js';
import { linesToText } from './lines-to-text.js';
import { anchorNumpad, numpadAnchor } from './numpad-anchor.js';
import { parseAssText } from './parse-ass-text.js';
import { splitLines } from './split-lines.js';
import { subtitleError } from './subtitle-error.js';
import { tidyLines } from './tidy-lines.js';
import type { SubtitleCue, SubtitleDocument } from './types.js';
import { createWarningSink, type WarningSink } from './warning-sink.js';

// prettier-ignore
const V4_PLUS_STYLE_FORMAT = [
  'name', 'fontname', 'fontsize', 'primarycolour', 'secondarycolour', 'outlinecolour', 'backcolour', 'bold', 'italic',
  'underline', 'strikeout', 'scalex', 'scaley', 'spacing', 'angle', 'borderstyle', 'outline', 'shadow', 'alignment',
  'marginl', 'marginr', 'marginv', 'encoding',
];
// prettier-ignore
const V4_STYLE_FORMAT = [
  'name', 'fontname', 'fontsize', 'primarycolour', 'secondarycolour', 'tertiarycolour', 'backcolour', 'bold', 'italic',
  'borderstyle', 'outline', 'shadow', 'alignment', 'marginl', 'marginr', 'marginv', 'alphalevel', 'encoding',
];
const V4_PLUS_EVENT_FORMAT = [
  'layer',
  'start',
  'end',
  'style',
  'name',
  'marginl',
  'marginr',
  'marginv',
  'effect',
  'text',
];
const V4_EVENT_FORMAT = [
  'marked',
  'start',
  'end',
  'style',
  'name',
  'marginl',
  'marginr',
  'marginv',
  'effect',
  'text',
];
/** `H:MM:SS.cc`; hours and fields of one or two digits, the fraction read as decimals. */
const TIME = /^(\d{1,3}):(\d{1,2}):(\d{1,2})(?:[.,](\d{1,3}))?$/;

interface Field {
  value: string;
  /** 1-based column. */
  column: number;
}

/**
 * Advanced SubStation Alpha (v4+) and SubStation Alpha (v4): [Script Info] (PlayResX/Y, WrapStyle),
 * [V4+ Styles]/[V4 Styles] with their Format lines, and [Events] Dialogue lines (Comment lines and
 * other event types skipped). Override tags are read by parseAssText. Coordinates are normalised by
 * PlayResX/Y (defaulting as VSFilter does: 384×288, or the missing one from a 4:3 frame).
 */
export function parseAss(text: string): SubtitleDocument {
  const lines = splitLines(text);
  const warnings = createWarningSink();
  let section = '';
  const info = new Map<string, string>();
  const styles = new Map<string, AssStyle>();
  let styleFormat: string[] | undefined;
  let eventFormat: string[] | undefined;
  let sawEvents = false;
  let sawHeader = false;
  const dialogues: { fields: Map<string, Field>; line: number }[] = [];
  let legacy = false;

  lines.forEach((raw, index) => {
    const lineNumber = index + 1;
    const line = raw.trim();
    if (line === '' || line.startsWith(';') || line.startsWith('!:')) return;
    const header = /^\[(.+)\]$/.exec(line);
    if (header) {
      section = header[1]!.trim().toLowerCase();
      sawHeader = true;
      if (section === 'events') sawEvents = true;
      if (section === 'v4 styles') legacy = true;
      return;
    }
    const colon = raw.indexOf(':');
    if (colon < 0) {
      if (section === 'script info' || section === 'events' || section.includes('styles')) {
        warnings.add(
          {
            code: 'stray-text',
            message: 'line without "Key: value" was ignored',
            line: lineNumber,
            column: 1,
          },
          'ass-stray',
        );
      }
      return;
    }
    const key = raw.slice(0, colon).trim();
    const valueStart =
      colon + 1 + (raw.slice(colon + 1).length - raw.slice(colon + 1).trimStart().length);
    const value = raw.slice(valueStart);
    if (section === 'script info') {
      info.set(key.toLowerCase(), value.trim());
    } else if (section === 'v4+ styles' || section === 'v4 styles' || section === 'v4 styles+') {
      if (key.toLowerCase() === 'format')
        styleFormat = value.split(',').map((f) => f.trim().toLowerCase());
      else if (key.toLowerCase() === 'style') {
        const format = styleFormat ?? (legacy ? V4_STYLE_FORMAT : V4_PLUS_STYLE_FORMAT);
        const fields = splitFields(value, format, valueStart + 1);
        const style = readStyle(fields, { legacy, line: lineNumber, warnings });
        styles.set(style.name, style);
      }
    } else if (section === 'events') {
      const kind = key.toLowerCase();
      if (kind === 'format') eventFormat = value.split(',').map((f) => f.trim().toLowerCase());
      else if (kind === 'dialogue') {
        const format = eventFormat ?? (legacy ? V4_EVENT_FORMAT : V4_PLUS_EVENT_FORMAT);
        if (!eventFormat)
          warnings.add(
            {
              code: 'missing-format',
              message: '[Events] has no Format line; the standard field order was assumed',
              line: lineNumber,
            },
            'ass-event-format',
          );
        dialogues.push({ fields: splitFields(value, format, valueStart + 1), line: lineNumber });
      } else if (kind !== 'comment') {
        warnings.add(
          {
            code: 'unsupported-event',
            message: `${key} events are not supported and were ignored`,
            line: lineNumber,
            column: 1,
          },
          `ass-event:${kind}`,
        );
      }
    }
  });

  if (!sawHeader || !sawEvents) {
    throw subtitleError({
      format: 'ass',
      line: 1,
      column: 1,
      message: 'not an ASS/SSA script: no [Events] section',
    });
  }
  const playRes = resolvePlayRes(info);
  const wrapStyle = Number(info.get('wrapstyle') ?? 0);
  if (info.has('timer') && Math.abs(Number(info.get('timer')) - 100) > 1e-6) {
    warnings.add(
      {
        code: 'unsupported-setting',
        message: `Timer: ${info.get('timer')} (speed change) is not supported; times are read at 100%`,
      },
      'ass-timer',
    );
  }

  const cues: SubtitleCue[] = [];
  for (const dialogue of dialogues) {
    const field = (name: string): Field | undefined => dialogue.fields.get(name);
    const textField = field('text');
    if (!textField) {
      throw subtitleError({
        format: 'ass',
        line: dialogue.line,
        column: 1,
        message: 'Dialogue line has fewer fields than its Format line',
      });
    }
    const start = readTime(field('start'), dialogue.line);
    const end = readTime(field('end'), dialogue.line);
    const styleName = (field('style')?.value ?? 'Default').trim().replace(/^\*/, '');
    let base = styles.get(styleName);
    if (!base) {
      base = styles.get('Default') ?? DEFAULT_ASS_STYLE;
      warnings.add(
        {
          code: 'unknown-style',
          message: `style "${styleName}" is not defined; "${base.name}" was used`,
          line: dialogue.line,
          column: field('style')?.column ?? 1,
        },
        `ass-style:${styleName}`,
      );
    }
    const margin = (name: string): number =>
      Math.max(0, Number(field(name)?.value.trim() || 0) || 0);
    const parsed = parseAssText({
      text: textField.value,
      base,
      styles,
      playRes,
      wrapStyle,
      start,
      end,
      margins: { left: margin('marginl'), right: margin('marginr'), vertical: margin('marginv') },
      line: dialogue.line,
      column: textField.column,
      warnings,
    });
    const spans = tidyLines(parsed.lines);
    const cue: SubtitleCue = {
      start,
      end,
      lines: spans,
      text: linesToText(spans),
      style: parsed.cueStyle,
      position: parsed.position,
      sourceLine: dialogue.line,
    };
    const layer = Number(field('layer')?.value.trim() ?? 0);
    if (Number.isInteger(layer) && layer !== 0) cue.layer = layer;
    const name = field('name')?.value.trim();
    if (name) cue.voice = name;
    if (parsed.words) cue.words = parsed.words;
    if (parsed.karaoke) cue.karaoke = parsed.karaoke;
    if (parsed.fade) cue.fade = parsed.fade;
    if (parsed.move) cue.move = parsed.move;
    if (field('effect')?.value.trim()) {
      warnings.add(
        {
          code: 'unsupported-effect',
          message: `Effect "${field('effect')!.value.trim().slice(0, 30)}" is not supported and was ignored`,
          line: dialogue.line,
          column: field('effect')!.column,
        },
        'ass-effect',
      );
    }
    cues.push(cue);
  }
  return {
    format: 'ass',
    cues: finalizeCues(cues, warnings),
    warnings: warnings.list(),
    resolution: { width: playRes.x, height: playRes.y },
  };
}

/** Splits a comma-separated line into the Format's fields; the last field keeps any commas. */
function splitFields(value: string, format: string[], firstColumn: number): Map<string, Field> {
  const fields = new Map<string, Field>();
  let offset = 0;
  for (let index = 0; index < format.length; index++) {
    const comma = index === format.length - 1 ? -1 : value.indexOf(',', offset);
    const end = comma < 0 ? value.length : comma;
    fields.set(format[index]!, { value: value.slice(offset, end), column: firstColumn + offset });
    // Too few commas: the fields after this one are missing.
    if (comma < 0) break;
    offset = comma + 1;
  }
  return fields;
}

function readTime(field: Field | undefined, line: number): number {
  const token = field?.value.trim() ?? '';
  const match = TIME.exec(token);
  if (!match || Number(match[2]) > 59 || Number(match[3]) > 59) {
    const leading = field ? field.value.length - field.value.trimStart().length : 0;
    throw subtitleError({
      format: 'ass',
      line,
      column: (field?.column ?? 1) + leading,
      message:
        token === ''
          ? 'missing time'
          : `invalid time "${token.slice(0, 40)}" (expected H:MM:SS.cc)`,
    });
  }
  const [, hours, minutes, seconds, fraction] = match;
  const millis =
    (Number(hours) * 3600 + Number(minutes) * 60 + Number(seconds)) * 1000 +
    Number((fraction ?? '').padEnd(3, '0'));
  return millis / 1000;
}

function resolvePlayRes(info: Map<string, string>): { x: number; y: number } {
  const x = Number(info.get('playresx'));
  const y = Number(info.get('playresy'));
  const validX = Number.isFinite(x) && x > 0;
  const validY = Number.isFinite(y) && y > 0;
  if (validX && validY) return { x, y };
  // VSFilter's defaults: 384×288, or the missing side from a 4:3 frame (1280 wide → 1024 high).
  if (validX) return { x, y: x === 1280 ? 1024 : (x * 3) / 4 };
  if (validY) return { x: y === 1024 ? 1280 : (y * 4) / 3, y };
  return { x: 384, y: 288 };
}

function readStyle(
  fields: Map<string, Field>,
  context: { legacy: boolean; line: number; warnings: WarningSink },
): AssStyle {
  const get = (name: string): string | undefined => fields.get(name)?.value.trim();
  const num = (name: string, fallback: number): number => {
    const value = Number(get(name));
    return get(name) === undefined || get(name) === '' || !Number.isFinite(value)
      ? fallback
      : value;
  };
  const color = (name: string, fallback: AssColor): AssColor => {
    const raw = get(name);
    if (raw === undefined || raw === '') return fallback;
    const parsed = parseAssColor(raw);
    if (!parsed) {
      context.warnings.add(
        {
          code: 'invalid-color',
          message: `style colour "${raw}" is unreadable; the default was used`,
          line: context.line,
          column: fields.get(name)?.column,
        },
        `ass-color:${raw}`,
      );
    }
    return parsed ?? fallback;
  };
  const flag = (name: string): boolean => num(name, 0) !== 0;
  const bold = num('bold', 0);
  const rawAlignment = num('alignment', 2);
  const alignment = context.legacy
    ? legacyToNumpad(rawAlignment)
    : rawAlignment >= 1 && rawAlignment <= 9
      ? rawAlignment
      : 2;
  const style: AssStyle = {
    name: (get('name') ?? 'Default').replace(/^\*/, ''),
    fontName: get('fontname') || DEFAULT_ASS_STYLE.fontName,
    fontSize: Math.max(1, num('fontsize', DEFAULT_ASS_STYLE.fontSize)),
    primary: color('primarycolour', DEFAULT_ASS_STYLE.primary),
    secondary: color('secondarycolour', DEFAULT_ASS_STYLE.secondary),
    outline: color(context.legacy ? 'tertiarycolour' : 'outlinecolour', DEFAULT_ASS_STYLE.outline),
    back: color('backcolour', DEFAULT_ASS_STYLE.back),
    // -1 is "on" in ASS booleans; other positive values are font weights.
    fontWeight:
      bold === 0 ? 400 : bold === -1 || bold === 1 ? 700 : Math.min(900, Math.max(100, bold)),
    italic: flag('italic'),
    underline: flag('underline'),
    strikeout: flag('strikeout'),
    borderStyle: num('borderstyle', 1),
    outlineWidth: Math.max(0, num('outline', DEFAULT_ASS_STYLE.outlineWidth)),
    shadow: Math.max(0, num('shadow', DEFAULT_ASS_STYLE.shadow)),
    alignment,
    marginL: num('marginl', DEFAULT_ASS_STYLE.marginL),
    marginR: num('marginr', DEFAULT_ASS_STYLE.marginR),
    marginV: num('marginv', DEFAULT_ASS_STYLE.marginV),
  };
  for (const [name, what] of [
    ['scalex', 'horizontal scaling'],
    ['scaley', 'vertical scaling'],
    ['spacing', 'letter spacing'],
    ['angle', 'rotation'],
  ] as const) {
    const neutral = name === 'scalex' || name === 'scaley' ? 100 : 0;
    if (num(name, neutral) !== neutral) {
      context.warnings.add(
        {
          code: 'unsupported-style',
          message: `style "${style.name}": ${what} is not supported and was ignored`,
          line: context.line,
          column: fields.get(name)?.column,
        },
        `ass-style-${name}:${style.name}`,
      );
    }
  }
  return style;
}

function legacyToNumpad(value: number): number {
  const anchor = numpadAnchor(value, true);
  return anchor ? anchorNumpad(anchor) : 2;
}
