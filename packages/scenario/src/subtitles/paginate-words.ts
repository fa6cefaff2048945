import type { WordTiming } from './types.js';
import { wrapWords } from './wrap-words.js';

export interface PaginateWordsInput {
  words: readonly WordTiming[];
  /** Estimated width of each word, in em. */
  widths: readonly number[];
  gap: number;
  maxWidth: number;
  maxLines: number;
  maxWords?: number;
  /** Start a new page after a word that ends a sentence. */
  atSentenceEnd: boolean;
  /** A silence longer than this (seconds) starts a new page. */
  pauseBreak: number;
}

const SENTENCE_END = /[.?!。？！…]["'”’)）」』]?$/u;

/**
 * Splits a cue's words into pages that each fit `maxLines` lines (as the engine will wrap them),
 * so a long transcript segment never fills the screen. Returns index ranges [from, to).
 * A lone last word is pulled together with the word before it when that still fits.
 */
export function paginateWords(input: PaginateWordsInput): [number, number][] {
  const { words, widths, gap, maxWidth, maxLines } = input;
  const pages: [number, number][] = [];
  let from = 0;
  const fits = (start: number, end: number): boolean =>
    wrapWords(widths.slice(start, end), gap, maxWidth).lines <= maxLines && (input.maxWords === undefined || end - start <= input.maxWords);
  for (let i = 0; i < words.length; i++) {
    if (i > from) {
      const pause = words[i]!.start - words[i - 1]!.end > input.pauseBreak;
      const sentence = input.atSentenceEnd && SENTENCE_END.test(words[i - 1]!.text);
      if (pause || sentence || !fits(from, i + 1)) {
        pages.push([from, i]);
        from = i;
      }
    }
  }
  if (from < words.length) pages.push([from, words.length]);
  const last = pages[pages.length - 1];
  const previous = pages[pages.length - 2];
  if (last && previous && last[1] - last[0] === 1 && previous[1] - previous[0] >= 3 && fits(previous[1] - 1, last[1])) {
    const pause = words[last[0]]!.start - words[last[0] - 1]!.end > input.pauseBreak;
    const sentence = input.atSentenceEnd && SENTENCE_END.test(words[last[0] - 1]!.text);
    if (!pause && !sentence) {
      previous[1]--;
      last[0]--;
    }
  }
  return pages;
}
