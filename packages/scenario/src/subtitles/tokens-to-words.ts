import { charClass } from './char-class.js';
import { LINE_BREAK_RULES } from './line-break-rules.js';
import type { SubtitleStyle, WordTiming } from './types.js';

/** A piece of text the source timed: a Whisper word, an ASS `\k` syllable, a WebVTT timestamp run. */
export interface TimedToken {
  text: string;
  start: number;
  end: number;
  style?: SubtitleStyle;
  /** Same timed run as the previous token, split only for styling: never a word boundary. */
  continues?: boolean;
}

interface Piece extends WordTiming {
  spaceBefore: boolean;
  continues: boolean;
}

/**
 * Turns timed tokens into display words (one MotionText text node each). Whitespace decides word
 * boundaries, not token boundaries:
 * - a token holding several words shares its time among them by character count;
 * - tokens with no space between them ("ka" + "ra", "word" + ",") merge into one word spanning
 *   both times, because a flow layout puts a gap between nodes and a word must not be split;
 * - except between characters of scripts written without spaces (Chinese, Japanese), where each
 *   token stays its own word, keeping the source's timing granularity.
 */
export function tokensToWords(tokens: readonly TimedToken[]): WordTiming[] {
  const pieces: Piece[] = [];
  let pendingSpace = false;
  for (const token of tokens) {
    const parts = [...token.text.matchAll(/(\s+)|(\S+)/gu)];
    const totalChars = parts.reduce((sum, part) => sum + (part[2] ? [...part[2]].length : 0), 0);
    const duration = Math.max(0, token.end - token.start);
    let consumed = 0;
    let firstPart = true;
    for (const part of parts) {
      if (part[1]) {
        pendingSpace = true;
        continue;
      }
      const text = part[2]!;
      const length = [...text].length;
      const start = token.start + (totalChars === 0 ? 0 : (duration * consumed) / totalChars);
      consumed += length;
      const end = token.start + (totalChars === 0 ? duration : (duration * consumed) / totalChars);
      const piece: Piece = {
        text,
        start,
        end,
        spaceBefore: pendingSpace,
        continues: firstPart && token.continues === true,
      };
      firstPart = false;
      if (token.style && Object.keys(token.style).length > 0) piece.style = token.style;
      pieces.push(piece);
      pendingSpace = false;
    }
  }

  const words: WordTiming[] = [];
  for (const piece of pieces) {
    const previous = words[words.length - 1];
    if (
      previous &&
      !piece.spaceBefore &&
      (piece.continues || shouldJoin(previous.text, piece.text))
    ) {
      previous.text += piece.text;
      previous.start = Math.min(previous.start, piece.start);
      previous.end = Math.max(previous.end, piece.end);
      continue;
    }
    const word: WordTiming = { text: piece.text, start: piece.start, end: piece.end };
    if (piece.style) word.style = piece.style;
    words.push(word);
  }
  return words;
}

function shouldJoin(before: string, after: string): boolean {
  const last = lastCodePoint(before);
  const first = after.codePointAt(0) ?? 0;
  // Punctuation that may not start a line belongs to the word before it, in every script.
  if ([...after].every((c) => LINE_BREAK_RULES.noLineStart.has(c.codePointAt(0) ?? 0))) return true;
  if (LINE_BREAK_RULES.noLineEnd.has(last)) return true;
  return charClass(last) !== 'cjk' && charClass(first) !== 'cjk';
}

function lastCodePoint(text: string): number {
  const chars = [...text];
  return chars[chars.length - 1]?.codePointAt(0) ?? 0;
}
