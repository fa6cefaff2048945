import { styleEqual } from './style-equal.js';
import type { SubtitleStyle, TextSpan } from './types.js';

export interface SpanBuilder {
  /** Appends text in the given style, merging with the previous span when the style is the same. */
  push(text: string, style: SubtitleStyle | undefined, voice?: string): void;
  newLine(): void;
  lines(): TextSpan[][];
}

/** Accumulates styled text into lines of spans for the markup parsers (SRT, WebVTT, ASS). */
export function createSpanBuilder(): SpanBuilder {
  const lines: TextSpan[][] = [[]];
  return {
    push(text, style, voice) {
      if (text === '') return;
      const line = lines[lines.length - 1]!;
      const last = line[line.length - 1];
      const cleanStyle = style && Object.keys(style).length > 0 ? { ...style } : undefined;
      if (last && styleEqual(last.style, cleanStyle) && last.voice === voice) {
        last.text += text;
        return;
      }
      const span: TextSpan = { text };
      if (cleanStyle) span.style = cleanStyle;
      if (voice !== undefined) span.voice = voice;
      line.push(span);
    },
    newLine() {
      lines.push([]);
    },
    lines() {
      return lines.map((line) => line.filter((span) => span.text !== ''));
    },
  };
}
