import type { Anchor } from '../types.js';
import { parseAssColor, type AssColor } from './ass-color.js';
import { parseOverrideBlock, type OverrideTag } from './ass-override-tags.js';
import type { AssStyle } from './ass-style.js';
import { assStyleToSubtitleStyle } from './ass-style-to-subtitle-style.js';
import { anchorNumpad, numpadAnchor } from './numpad-anchor.js';
import { createSpanBuilder } from './span-builder.js';
import { tokensToWords, type TimedToken } from './tokens-to-words.js';
import type { MoveHint, PositionHint, SubtitleStyle, TextSpan, WordTiming } from './types.js';
import type { WarningSink } from './warning-sink.js';

export interface AssTextInput {
  text: string;
  base: AssStyle;
  styles: ReadonlyMap<string, AssStyle>;
  playRes: { x: number; y: number };
  /** Script Info WrapStyle: with 2, `\n` is a hard break; otherwise a space. */
  wrapStyle: number;
  start: number;
  end: number;
  /** Event margins; 0 means "use the style's". */
  margins: { left: number; right: number; vertical: number };
  line: number;
  /** 1-based column where the Text field starts. */
  column: number;
  warnings: WarningSink;
}

export interface AssText {
  lines: TextSpan[][];
  cueStyle: SubtitleStyle;
  words?: WordTiming[];
  karaoke?: 'switch' | 'sweep';
  position: PositionHint;
  fade?: { in: number; out: number };
  move?: MoveHint;
}

/** Tags MotionText has no equivalent for; they are dropped with a warning naming them. */
// prettier-ignore
const UNSUPPORTED: Record<string, string> = {
  t: 'animated transforms', clip: 'clipping', iclip: 'clipping', org: 'rotation origins', frx: 'rotation',
  fry: 'rotation', frz: 'rotation', fr: 'rotation', fax: 'shearing', fay: 'shearing', fscx: 'scaling',
  fscy: 'scaling', fsp: 'letter spacing', be: 'edge blur', blur: 'blur', q: 'wrap styles', fe: 'font encodings',
  pbo: 'drawing offsets', '2a': 'secondary alpha', '2c': 'secondary colour',
};

interface StyledPiece {
  text: string;
  state: AssStyle;
  newLine: boolean;
}

/**
 * One Dialogue's Text field: override blocks (`{\pos(…)\an8\fad(…)}`), karaoke (`\k` centiseconds,
 * `\kf`/`\K` sweep, `\ko`), inline style changes (`\b \i \u \s \c \1c \3c \4c \alpha \fs \fn \bord
 * \shad \r`), and `\N \n \h`. Placement tags take their first occurrence, as renderers do. Drawing
 * mode (`\p1`) text is vector commands, not words, and is dropped.
 */
export function parseAssText(input: AssTextInput): AssText {
  const { text, warnings, playRes } = input;
  let state: AssStyle = { ...input.base };
  let alignment: number | undefined;
  let pos: { x: number; y: number } | undefined;
  let move:
    { x1: number; y1: number; x2: number; y2: number; t1?: number; t2?: number } | undefined;
  let fade: { in: number; out: number } | undefined;
  let drawing = false;
  const pieces: StyledPiece[] = [];
  const tokens: { text: string; start: number; end: number; state: AssStyle }[] = [];
  let karaokeCursor = 0;
  let karaokeKinds = { switch: 0, sweep: 0 };
  let syllable: { start: number; end: number } | undefined;
  let newLinePending = false;

  const emit = (value: string): void => {
    if (value === '' || drawing) return;
    pieces.push({ text: value, state, newLine: newLinePending });
    newLinePending = false;
    const last = tokens[tokens.length - 1];
    const window = syllable ?? { start: 0, end: 0 };
    if (last && last.start === window.start && last.end === window.end) last.text += value;
    else tokens.push({ text: value, start: window.start, end: window.end, state });
  };
  const warn = (tag: OverrideTag, column: number, code: string, why: string): void =>
    warnings.add(
      { code, message: `${tag.raw.slice(0, 40)} (${why}) was dropped`, line: input.line, column },
      `ass:${code}:${tag.name}`,
    );

  let i = 0;
  let literal = '';
  const flushLiteral = (): void => {
    emit(literal);
    literal = '';
  };
  while (i < text.length) {
    const c = text[i]!;
    if (c === '{') {
      const close = text.indexOf('}', i + 1);
      if (close < 0) {
        literal += text.slice(i);
        break;
      }
      flushLiteral();
      for (const tag of parseOverrideBlock(text.slice(i + 1, close))) {
        const column = input.column + i + 1 + tag.offset;
        applyTag(tag, column);
      }
      i = close + 1;
      continue;
    }
    if (c === '\\' && i + 1 < text.length) {
      const next = text[i + 1]!;
      if (next === 'N' || (next === 'n' && input.wrapStyle === 2)) {
        flushLiteral();
        newLinePending = true;
        // A line break also separates words for karaoke timing.
        if (!drawing) {
          const last = tokens[tokens.length - 1];
          if (last) last.text += ' ';
        }
        i += 2;
        continue;
      }
      if (next === 'n') {
        literal += ' ';
        i += 2;
        continue;
      }
      if (next === 'h') {
        literal += '\u00a0';
        i += 2;
        continue;
      }
    }
    literal += c;
    i++;
  }
  flushLiteral();

  function number(value: string | undefined): number | undefined {
    if (value === undefined || value.trim() === '') return undefined;
    const parsed = Number(value.trim());
    return Number.isFinite(parsed) ? parsed : undefined;
  }

  function colour(tag: OverrideTag): AssColor | undefined {
    return tag.args[0] === undefined ? undefined : parseAssColor(tag.args[0]);
  }

  function applyTag(tag: OverrideTag, column: number): void {
    const arg = tag.args[0];
    const invalid = (): void => warn(tag, column, 'invalid-tag', 'unreadable arguments');
    switch (tag.name) {
      case 'pos': {
        const [x, y] = tag.args.map(number);
        if (x === undefined || y === undefined || tag.args.length !== 2) invalid();
        else if (pos === undefined && move === undefined) pos = { x, y };
        return;
      }
      case 'move': {
        const values = tag.args.map(number);
        if ((values.length !== 4 && values.length !== 6) || values.some((v) => v === undefined))
          invalid();
        else if (pos === undefined && move === undefined) {
          const [x1, y1, x2, y2, t1, t2] = values as number[];
          move = { x1: x1!, y1: y1!, x2: x2!, y2: y2! };
          if (t1 !== undefined && t2 !== undefined) {
            move.t1 = t1;
            move.t2 = t2;
          }
        }
        return;
      }
      case 'an':
      case 'a': {
        const value = number(arg);
        const anchor = value === undefined ? undefined : numpadAnchor(value, tag.name === 'a');
        if (!anchor) invalid();
        else if (alignment === undefined) alignment = anchorNumpad(anchor);
        return;
      }
      case 'fad': {
        const [fadeIn, fadeOut] = tag.args.map(number);
        if (fadeIn === undefined || fadeOut === undefined || tag.args.length !== 2) invalid();
        else fade ??= { in: Math.max(0, fadeIn) / 1000, out: Math.max(0, fadeOut) / 1000 };
        return;
      }
      case 'fade': {
        const values = tag.args.map(number);
        if (values.length !== 7 || values.some((v) => v === undefined)) {
          invalid();
          return;
        }
        const [a1, a2, a3, t1, t2, t3, t4] = values as number[];
        const duration = (input.end - input.start) * 1000;
        // Only the shape that is a plain fade in and out maps onto fadeIn/fadeOut.
        if (a1! >= 254 && a2! <= 1 && a3! >= 254 && t1! <= 1 && Math.abs(t4! - duration) <= 20) {
          fade ??= { in: Math.max(0, t2! - t1!) / 1000, out: Math.max(0, t4! - t3!) / 1000 };
        } else
          warn(tag, column, 'unsupported-tag', 'only \\fade(255,0,255,0,t2,t3,end) maps to fades');
        return;
      }
      case 'k':
      case 'K':
      case 'kf':
      case 'ko': {
        const centiseconds = number(arg);
        if (centiseconds === undefined) {
          invalid();
          return;
        }
        // \k durations are centiseconds; each syllable starts where the previous one ended.
        const duration = Math.max(0, centiseconds) / 100;
        flushLiteral();
        syllable = { start: karaokeCursor, end: karaokeCursor + duration };
        karaokeCursor += duration;
        if (tag.name === 'K' || tag.name === 'kf')
          karaokeKinds = { ...karaokeKinds, sweep: karaokeKinds.sweep + 1 };
        else karaokeKinds = { ...karaokeKinds, switch: karaokeKinds.switch + 1 };
        return;
      }
      case 'b': {
        const value = number(arg);
        if (value === undefined) state = { ...state, fontWeight: input.base.fontWeight };
        else
          state = {
            ...state,
            fontWeight: value === 0 ? 400 : value === 1 ? 700 : Math.min(900, Math.max(100, value)),
          };
        return;
      }
      case 'i':
      case 'u':
      case 's': {
        const field = tag.name === 'i' ? 'italic' : tag.name === 'u' ? 'underline' : 'strikeout';
        const value = number(arg);
        state = { ...state, [field]: value === undefined ? input.base[field] : value !== 0 };
        return;
      }
      case 'c':
      case '1c':
      case '3c':
      case '4c': {
        const parsed = arg === undefined ? undefined : colour(tag);
        const field = tag.name === '3c' ? 'outline' : tag.name === '4c' ? 'back' : 'primary';
        if (arg === undefined) state = { ...state, [field]: input.base[field] };
        else if (!parsed) invalid();
        // Colour tags carry no alpha (&HBBGGRR&); the current alpha stays.
        else state = { ...state, [field]: { ...parsed, a: state[field].a } };
        return;
      }
      case 'alpha':
      case '1a':
      case '3a':
      case '4a': {
        const match = arg === undefined ? undefined : /^&?[hH]([0-9a-fA-F]{1,2})&?$/.exec(arg);
        if (!match) {
          invalid();
          return;
        }
        const opacity = 1 - Number.parseInt(match[1]!, 16) / 255;
        const fields: ('primary' | 'secondary' | 'outline' | 'back')[] =
          tag.name === 'alpha'
            ? ['primary', 'secondary', 'outline', 'back']
            : [tag.name === '1a' ? 'primary' : tag.name === '3a' ? 'outline' : 'back'];
        const next = { ...state };
        for (const field of fields) next[field] = { ...next[field], a: opacity };
        state = next;
        return;
      }
      case 'fs': {
        const value = number(arg);
        if (value === undefined) state = { ...state, fontSize: input.base.fontSize };
        else if (value > 0) state = { ...state, fontSize: value };
        else invalid();
        return;
      }
      case 'fn':
        state = { ...state, fontName: arg && arg !== '0' ? arg : input.base.fontName };
        return;
      case 'bord':
      case 'xbord':
      case 'ybord': {
        const value = number(arg);
        if (value === undefined || value < 0) invalid();
        else {
          if (tag.name !== 'bord')
            warn(tag, column, 'approximate-tag', 'one outline width for both axes');
          state = { ...state, outlineWidth: value };
        }
        return;
      }
      case 'shad':
      case 'xshad':
      case 'yshad': {
        const value = number(arg);
        if (value === undefined) invalid();
        else {
          if (tag.name !== 'shad')
            warn(tag, column, 'approximate-tag', 'one shadow depth for both axes');
          state = { ...state, shadow: Math.abs(value) };
        }
        return;
      }
      case 'r': {
        const named = arg === undefined ? undefined : input.styles.get(arg);
        if (arg !== undefined && !named) {
          warnings.add(
            {
              code: 'unknown-style',
              message: `\\r${arg}: no style named "${arg}"; reset to the line's style`,
              line: input.line,
              column,
            },
            `ass-r:${arg}`,
          );
        }
        state = { ...(named ?? input.base) };
        return;
      }
      case 'p': {
        const value = number(arg) ?? 0;
        if (value > 0) {
          warnings.add(
            {
              code: 'unsupported-tag',
              message: 'drawing mode (\\p) shapes cannot be shown and were dropped',
              line: input.line,
              column,
            },
            'ass:drawing',
          );
        }
        flushLiteral();
        drawing = value > 0;
        return;
      }
      default: {
        const what = UNSUPPORTED[tag.name];
        if (what) warn(tag, column, 'unsupported-tag', `${what} not supported by MotionText`);
        else warn(tag, column, 'unknown-tag', 'unknown override tag');
      }
    }
  }

  // Styles resolve at the end: whether the line is karaoke decides what "colour" means.
  const karaoke = karaokeKinds.switch + karaokeKinds.sweep > 0;
  const finalAlignment = alignment ?? input.base.alignment;
  const cueStyle = assStyleToSubtitleStyle(
    { ...input.base, alignment: finalAlignment },
    playRes.y,
    karaoke,
  );
  const spanStyle = (piece: AssStyle): SubtitleStyle | undefined => {
    const full = assStyleToSubtitleStyle(
      { ...piece, alignment: finalAlignment },
      playRes.y,
      karaoke,
    );
    const diff: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(full)) {
      if (cueStyle[key as keyof SubtitleStyle] !== value) diff[key] = value;
    }
    // Outline and shadow become one CSS text-shadow: a change to any part needs all four.
    const edges = ['outlineWidth', 'outlineColor', 'shadowDepth', 'shadowColor'] as const;
    if (edges.some((key) => key in diff))
      for (const key of edges) if (full[key] !== undefined) diff[key] = full[key];
    return Object.keys(diff).length > 0 ? diff : undefined;
  };

  const builder = createSpanBuilder();
  for (const piece of pieces) {
    if (piece.newLine) builder.newLine();
    builder.push(piece.text, spanStyle(piece.state));
  }
  const anchor: Anchor = numpadAnchor(finalAlignment) ?? 'bc';
  const margins = {
    left: (input.margins.left || input.base.marginL) / playRes.x,
    right: (input.margins.right || input.base.marginR) / playRes.x,
    vertical: (input.margins.vertical || input.base.marginV) / playRes.y,
  };
  const result: AssText = {
    lines: builder.lines(),
    cueStyle,
    position: { anchor, margin: margins },
  };
  if (pos) result.position = { anchor, x: pos.x / playRes.x, y: pos.y / playRes.y };
  if (move) {
    const duration = input.end - input.start;
    const t1 = move.t1 === undefined ? 0 : Math.min(duration, Math.max(0, move.t1 / 1000));
    const t2 = move.t2 === undefined ? duration : Math.min(duration, Math.max(t1, move.t2 / 1000));
    result.position = { anchor, x: move.x1 / playRes.x, y: move.y1 / playRes.y };
    result.move = {
      from: { x: move.x1 / playRes.x, y: move.y1 / playRes.y },
      to: { x: move.x2 / playRes.x, y: move.y2 / playRes.y },
      start: t1 === t2 ? 0 : t1,
      end: t1 === t2 ? duration : t2,
    };
  }
  if (fade) result.fade = fade;
  if (karaoke) {
    result.karaoke = karaokeKinds.sweep > karaokeKinds.switch ? 'sweep' : 'switch';
    const timed: TimedToken[] = tokens.map((token) => {
      const style = spanStyle(token.state);
      const timedToken: TimedToken = {
        text: token.text,
        start: Math.min(input.end, input.start + token.start),
        end: Math.min(input.end, input.start + token.end),
      };
      if (style) timedToken.style = style;
      return timedToken;
    });
    const words = tokensToWords(timed);
    if (words.length > 0) result.words = words;
  }
  return result;
}
