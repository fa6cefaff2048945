import { charClass } from './char-class.js';
import { LINE_BREAK_RULES } from './line-break-rules.js';
import { tokensToWords, type TimedToken } from './tokens-to-words.js';
import type { SubtitleCue, SubtitleStyle, WordTiming } from './types.js';

/** Chinese/Japanese runs are cut into chunks of about this many characters to act as "words". */
const CJK_CHUNK = 3;

/**
 * Word timings for a cue that has none, for presets that animate word by word: the cue's time is
 * shared among its words in proportion to their length (speech time grows roughly with
 * characters). Text written without spaces is cut into short chunks at legal break points.
 */
export function estimateWordTimings(cue: SubtitleCue): WordTiming[] {
  const pieces: { text: string; style?: SubtitleStyle; weight: number; separate: boolean }[] = [];
  cue.lines.forEach((line, lineIndex) => {
    if (lineIndex > 0) pieces.push({ text: ' ', weight: 0, separate: false });
    for (const span of line) {
      for (const match of span.text.matchAll(/(\s+)|(\S+)/gu)) {
        if (match[1]) {
          pieces.push({ text: ' ', weight: 0, separate: false });
          continue;
        }
        for (const chunk of chunkRun(match[2]!)) {
          const piece: { text: string; style?: SubtitleStyle; weight: number; separate: boolean } =
            { text: chunk, weight: [...chunk].length, separate: true };
          if (span.style) piece.style = span.style;
          pieces.push(piece);
        }
      }
    }
  });
  const total = pieces.reduce((sum, piece) => sum + piece.weight, 0);
  const duration = cue.end - cue.start;
  let cursor = cue.start;
  const tokens: TimedToken[] = pieces.map((piece) => {
    const end = total === 0 ? cue.end : cursor + (duration * piece.weight) / total;
    const token: TimedToken = { text: piece.text, start: cursor, end };
    if (piece.style) token.style = piece.style;
    cursor = end;
    return token;
  });
  return tokensToWords(tokens);
}

/** Cuts a run without spaces into chunks where a CJK line break is allowed; Latin stays whole. */
function chunkRun(run: string): string[] {
  const chars = [...run];
  if (!chars.some((c) => charClass(c.codePointAt(0) ?? 0) === 'cjk')) return [run];
  const chunks: string[] = [];
  let current = '';
  let length = 0;
  chars.forEach((char, index) => {
    current += char;
    length++;
    const next = chars[index + 1];
    if (next === undefined) return;
    const here = char.codePointAt(0) ?? 0;
    const there = next.codePointAt(0) ?? 0;
    const breakable =
      (charClass(here) === 'cjk' || charClass(there) === 'cjk') &&
      !LINE_BREAK_RULES.noLineStart.has(there) &&
      !LINE_BREAK_RULES.noLineEnd.has(here);
    if (breakable && length >= CJK_CHUNK) {
      chunks.push(current);
      current = '';
      length = 0;
    }
  });
  if (current !== '') chunks.push(current);
  return chunks;
}
