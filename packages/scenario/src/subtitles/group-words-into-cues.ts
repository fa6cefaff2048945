import type { WordTiming } from './types.js';

export interface WordGroupLimits {
  /** A silence longer than this (seconds) starts a new cue. */
  maxGap: number;
  maxDuration: number;
  maxChars: number;
}

/** Roughly two 42-character lines, the broadcast subtitle norm, for at most 7 s. */
const DEFAULT_WORD_GROUP_LIMITS: WordGroupLimits = { maxGap: 1.2, maxDuration: 7, maxChars: 84 };

const SENTENCE_END = /[.?!。？！…]["'”’)]?$/u;

/**
 * Groups a flat word list (a transcript without segments) into subtitle-sized cues: a new cue
 * after a sentence end once the cue has some words, after a pause, or before it gets too long.
 */
export function groupWordsIntoCues(
  words: readonly WordTiming[],
  limits: WordGroupLimits = DEFAULT_WORD_GROUP_LIMITS,
): WordTiming[][] {
  const groups: WordTiming[][] = [];
  let current: WordTiming[] = [];
  let chars = 0;
  for (const word of words) {
    const previous = current[current.length - 1];
    if (previous) {
      const gap = word.start - previous.end;
      const tooLong =
        word.end - current[0]!.start > limits.maxDuration ||
        chars + 1 + word.text.length > limits.maxChars;
      const sentenceDone = SENTENCE_END.test(previous.text) && current.length >= 3;
      if (gap > limits.maxGap || tooLong || sentenceDone) {
        groups.push(current);
        current = [];
        chars = 0;
      }
    }
    current.push(word);
    chars += word.text.length + (current.length > 1 ? 1 : 0);
  }
  if (current.length > 0) groups.push(current);
  return groups;
}
