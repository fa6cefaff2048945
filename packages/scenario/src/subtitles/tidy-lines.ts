import type { TextSpan } from './types.js';

/**
 * Trims whitespace at the edges of each line and drops lines left empty: an empty line has nothing
 * to render, and a blank line inside a cue would end the cue in SRT/WebVTT exports.
 */
export function tidyLines(lines: TextSpan[][]): TextSpan[][] {
  const result: TextSpan[][] = [];
  for (const line of lines) {
    const spans = line.map((span) => ({ ...span }));
    while (spans.length > 0) {
      spans[0]!.text = spans[0]!.text.replace(/^[ \t\u3000]+/, '');
      if (spans[0]!.text !== '') break;
      spans.shift();
    }
    while (spans.length > 0) {
      const last = spans[spans.length - 1]!;
      last.text = last.text.replace(/[ \t\u3000]+$/, '');
      if (last.text !== '') break;
      spans.pop();
    }
    if (spans.length > 0) result.push(spans);
  }
  return result;
}
