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
 * so a long transcript segment never fills the screen. Pauses (and, if asked, sentence ends)
 * always end a page; between those, the fewest pages are used and their widths are evened out
 * (five words in pages of at most four become 3 + 2, not 4 + 1). Returns index ranges [from, to).
 */
export function paginateWords(input: PaginateWordsInput): [number, number][] {
  const { words } = input;
  const pages: [number, number][] = [];
  let from = 0;
  for (let i = 1; i <= words.length; i++) {
    const boundary =
      i === words.length ||
      words[i]!.start - words[i - 1]!.end > input.pauseBreak ||
      (input.atSentenceEnd && SENTENCE_END.test(words[i - 1]!.text));
    if (boundary) {
      pages.push(...evenPages(input, from, i));
      from = i;
    }
  }
  return pages;
}

/** Fewest pages for words [from, to), then the most even page widths (dynamic programming). */
function evenPages(input: PaginateWordsInput, from: number, to: number): [number, number][] {
  const { widths, gap, maxWidth, maxLines } = input;
  const fits = (start: number, end: number): boolean =>
    (input.maxWords === undefined || end - start <= input.maxWords) &&
    wrapWords(widths, gap, maxWidth, { from: start, to: end }).lines <= maxLines;
  const size = (start: number, end: number): number => {
    let total = 0;
    for (let k = start; k < end; k++) total += widths[k]! + gap;
    return total;
  };
  const n = to - from;
  const pagesCount = new Array<number>(n + 1).fill(Number.POSITIVE_INFINITY);
  const cost = new Array<number>(n + 1).fill(Number.POSITIVE_INFINITY);
  const previous = new Array<number>(n + 1).fill(0);
  pagesCount[0] = 0;
  cost[0] = 0;
  // First pass: fewest pages; second pass uses the target width that count implies.
  for (const pass of [0, 1]) {
    const target = pass === 0 ? 0 : size(from, to) / Math.max(1, pagesCount[n]!);
    pagesCount.fill(Number.POSITIVE_INFINITY, 1);
    cost.fill(Number.POSITIVE_INFINITY, 1);
    for (let j = 1; j <= n; j++) {
      let running = 0;
      for (let i = j - 1; i >= 0; i--) {
        running += widths[from + i]! + gap;
        // A single word always makes a page, even when it is too wide.
        if (i < j - 1 && (running > maxLines * maxWidth + gap || !fits(from + i, from + j))) break;
        const pageCost = pass === 0 ? 0 : (running - target) ** 2;
        const candidatePages = pagesCount[i]! + 1;
        const candidateCost = cost[i]! + pageCost;
        if (
          candidatePages < pagesCount[j]! ||
          (candidatePages === pagesCount[j]! && candidateCost < cost[j]! - 1e-9)
        ) {
          pagesCount[j] = candidatePages;
          cost[j] = candidateCost;
          previous[j] = i;
        }
      }
    }
  }
  const result: [number, number][] = [];
  for (let j = n; j > 0; j = previous[j]!) result.push([from + previous[j]!, from + j]);
  return result.reverse();
}
