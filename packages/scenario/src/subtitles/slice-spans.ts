import type { TextSpan } from './types.js';

/** The spans covering characters [from, to) of the spans' concatenated text. */
export function sliceSpans(spans: readonly TextSpan[], from: number, to: number): TextSpan[] {
  const result: TextSpan[] = [];
  let offset = 0;
  for (const span of spans) {
    const spanStart = offset;
    const spanEnd = offset + span.text.length;
    offset = spanEnd;
    const start = Math.max(from, spanStart);
    const end = Math.min(to, spanEnd);
    if (end <= start) continue;
    result.push({ ...span, text: span.text.slice(start - spanStart, end - spanStart) });
  }
  return result;
}
