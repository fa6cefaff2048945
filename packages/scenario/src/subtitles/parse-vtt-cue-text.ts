import { decodeEntityAt } from './html-entities.js';
import { parseVttTimestamp } from './parse-vtt-timestamp.js';
import { createSpanBuilder } from './span-builder.js';
import { tokensToWords, type TimedToken } from './tokens-to-words.js';
import type { SubtitleStyle, TextSpan, WordTiming } from './types.js';
import type { WarningSink } from './warning-sink.js';

export interface VttCueTextInput {
  text: string;
  start: number;
  end: number;
  /** 1-based file line of the first text line. */
  firstLine: number;
  /** `::cue(.name)` styles from STYLE blocks, over the spec's default colour classes. */
  classStyles: ReadonlyMap<string, SubtitleStyle>;
  warnings: WarningSink;
}

export interface VttCueText {
  lines: TextSpan[][];
  voice?: string;
  words?: WordTiming[];
}

interface Effective {
  style: SubtitleStyle;
  hidden: boolean;
  voice?: string;
}

interface Element {
  name: string;
  classes: string[];
  annotation: string;
  effective: Effective;
}

/** The colour classes every WebVTT renderer knows (W3C WebVTT, "default classes"). */
// prettier-ignore
const PALETTE: Record<string, string> = {
  white: '#ffffff', lime: '#00ff00', cyan: '#00ffff', red: '#ff0000',
  yellow: '#ffff00', magenta: '#ff00ff', blue: '#0000ff', black: '#000000',
};
const KNOWN = new Set(['c', 'i', 'b', 'u', 'v', 'lang', 'ruby', 'rt']);

/**
 * WebVTT cue text per the W3C tokenizer: start tags with classes and annotations (`<v.loud Bob>`),
 * end tags, unclosed tags, character references, and timestamp tags (`<00:00:01.500>`) that split
 * the text into timed runs — the source of word timings for karaoke. Ruby text (`<rt>`) is dropped:
 * it is a reading aid MotionText cannot place above its base text.
 */
export function parseVttCueText(input: VttCueTextInput): VttCueText {
  const { text, warnings } = input;
  const builder = createSpanBuilder();
  const stack: Element[] = [];
  const tokens: TimedToken[] = [];
  // The text since the last timestamp tag, in styled chunks so each word keeps its own style.
  let token: { start: number; chunks: { text: string; style: SubtitleStyle }[] } = {
    start: input.start,
    chunks: [],
  };
  const closeToken = (end: number): void => {
    // The run's time is shared among its chunks by character count (spaces excluded).
    const weights = token.chunks.map((chunk) => chunk.text.replace(/\s/g, '').length);
    const total = weights.reduce((sum, weight) => sum + weight, 0);
    let cursor = token.start;
    token.chunks.forEach((chunk, index) => {
      const share = total === 0 ? 0 : ((end - token.start) * weights[index]!) / total;
      const chunkEnd = index === token.chunks.length - 1 ? end : cursor + share;
      const timed: TimedToken = { text: chunk.text, start: cursor, end: chunkEnd };
      if (index > 0) timed.continues = true;
      if (Object.keys(chunk.style).length > 0) timed.style = chunk.style;
      tokens.push(timed);
      cursor = chunkEnd;
    });
  };
  let sawTimestamp = false;
  let voice: string | undefined;
  let pending = '';

  // Line and column are tracked as the scan goes, so warnings cost O(1) however long the cue is.
  let lineNumber = input.firstLine;
  let lineStart = 0;
  const position = (index: number): { line: number; column: number } => ({
    line: lineNumber,
    column: index - lineStart + 1,
  });
  // Each open element carries the style in effect inside it, so text costs O(1) however deep
  // the (possibly never closed) tags nest.
  const styleNow = (): Effective =>
    stack[stack.length - 1]?.effective ?? { style: {}, hidden: false };
  const effectiveFor = (element: Omit<Element, 'effective'>): Effective => {
    const parent = styleNow();
    let style: SubtitleStyle = { ...parent.style };
    let currentVoice = parent.voice;
    if (element.name === 'i') style.italic = true;
    if (element.name === 'b') style.fontWeight = 700;
    if (element.name === 'u') style.underline = true;
    if (element.name === 'v') currentVoice = element.annotation;
    for (const name of element.classes) {
      const palette = PALETTE[name];
      if (palette) style.color = palette;
      const background = name.startsWith('bg_') ? PALETTE[name.slice(3)] : undefined;
      if (background) style.backgroundColor = background;
      const custom = input.classStyles.get(name);
      if (custom) style = { ...style, ...custom };
    }
    const hidden = parent.hidden || element.name === 'rt';
    return currentVoice === undefined ? { style, hidden } : { style, hidden, voice: currentVoice };
  };
  const flush = (): void => {
    if (pending === '') return;
    const { style, hidden, voice: spanVoice } = styleNow();
    if (!hidden) {
      builder.push(pending, style, spanVoice);
      token.chunks.push({ text: pending, style });
    }
    pending = '';
  };

  let i = 0;
  while (i < text.length) {
    const c = text[i]!;
    if (c === '\n') {
      flush();
      builder.newLine();
      token.chunks.push({ text: ' ', style: {} });
      i++;
      lineNumber++;
      lineStart = i;
    } else if (c === '&') {
      const entity = decodeEntityAt(text, i);
      pending += entity ? entity.value : '&';
      i += entity ? entity.length : 1;
    } else if (c === '<') {
      flush();
      const close = text.indexOf('>', i);
      const end = close < 0 ? text.length : close;
      const body = text.slice(i + 1, end);
      const at = position(i);
      i = close < 0 ? text.length : close + 1;
      if (/^\d/.test(body)) {
        const stamp = parseVttTimestamp(body.trim());
        if (!stamp) {
          warnings.add(
            {
              code: 'invalid-timestamp',
              message: `timestamp tag <${body}> is not a timestamp and was ignored`,
              ...at,
            },
            'vtt-bad-inline-ts',
          );
          continue;
        }
        let time = stamp.seconds;
        const previous = token.start;
        if (time < previous || time > input.end) {
          warnings.add(
            {
              code: 'invalid-timestamp',
              message: `timestamp tag <${body}> is outside the cue or goes backwards; clamped`,
              ...at,
            },
            'vtt-inline-ts-range',
          );
          time = Math.min(Math.max(time, previous), input.end);
        }
        sawTimestamp = true;
        closeToken(time);
        token = { start: time, chunks: [] };
        continue;
      }
      if (body.startsWith('/')) {
        const name = body.slice(1).trim().toLowerCase();
        const top = stack[stack.length - 1];
        if (top?.name === name) stack.pop();
        else if (name === 'ruby' && top?.name === 'rt') stack.splice(-2, 2);
        continue;
      }
      const match = /^([^\s.]*)((?:\.[^\s.]*)*)(?:\s+([\s\S]*))?$/.exec(body)!;
      const name = (match[1] ?? '').toLowerCase();
      if (!KNOWN.has(name)) {
        warnings.add(
          {
            code: 'unsupported-tag',
            message: `tag <${name}> is not a WebVTT tag and was ignored`,
            ...at,
          },
          `vtt-tag:${name}`,
        );
        continue;
      }
      if (name === 'rt') {
        warnings.add(
          {
            code: 'unsupported-ruby',
            message: 'ruby text (<rt>) cannot be shown and was dropped; the base text is kept',
            ...at,
          },
          'vtt-ruby',
        );
      }
      const opened = {
        name,
        classes: (match[2] ?? '').split('.').filter((cls) => cls !== ''),
        annotation: (match[3] ?? '').replace(/\s+/g, ' ').trim(),
      };
      const element: Element = { ...opened, effective: effectiveFor(opened) };
      if (name === 'v' && voice === undefined && element.annotation !== '')
        voice = element.annotation;
      stack.push(element);
    } else {
      pending += c;
      i++;
    }
  }
  flush();
  closeToken(input.end);

  const result: VttCueText = { lines: builder.lines() };
  if (voice !== undefined) result.voice = voice;
  if (sawTimestamp) {
    const words = tokensToWords(tokens);
    if (words.length > 0) result.words = words;
  }
  return result;
}
