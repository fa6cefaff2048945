import type { TextSpan } from './types.js';

/** Plain text of lines of spans: spans concatenated, lines joined with `\n`. */
export function linesToText(lines: TextSpan[][]): string {
  return lines.map((line) => line.map((span) => span.text).join('')).join('\n');
}
