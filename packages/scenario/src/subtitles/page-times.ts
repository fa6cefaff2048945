import type { WordTiming } from './types.js';

export interface PageTimesInput {
  cueStart: number;
  cueEnd: number;
  words: readonly WordTiming[];
  /** Word index ranges [from, to) from paginateWords. */
  ranges: readonly [number, number][];
  /** A silence longer than this ends a page early… */
  pause: number;
  /** …this long after its last word. */
  linger: number;
}

export interface PageTime {
  from: number;
  to: number;
  start: number;
  end: number;
}

/** Shorter pages would flash: they are merged into the page before. */
const MIN_PAGE = 0.1;

/**
 * When each page of a word-timed cue is on screen: from its first word (the first page from the
 * cue start) until the next page starts, or shortly after its last word when a long pause
 * follows. Pages never overlap, never leave the cue, and a page whose words are timed at or past
 * the cue end (or on top of the previous page) is merged into the previous one.
 */
export function pageTimes(input: PageTimesInput): PageTime[] {
  const { words, cueStart, cueEnd } = input;
  const pages: PageTime[] = [];
  for (const [from, to] of input.ranges) {
    const start = pages.length === 0 ? cueStart : Math.max(cueStart, words[from]!.start);
    const previous = pages[pages.length - 1];
    if (previous && (start < previous.start + MIN_PAGE || start > cueEnd - MIN_PAGE)) {
      previous.to = to;
      continue;
    }
    pages.push({ from, to, start, end: cueEnd });
  }
  for (let i = 0; i < pages.length - 1; i++) {
    const page = pages[i]!;
    const next = pages[i + 1]!;
    const lastEnd = words[page.to - 1]!.end;
    page.end =
      next.start - lastEnd > input.pause
        ? Math.max(page.start + MIN_PAGE, Math.min(next.start, lastEnd + input.linger))
        : next.start;
  }
  return pages;
}
