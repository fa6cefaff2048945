import { charClass } from './char-class.js';

/**
 * Joins display words back into running text: with spaces, except between characters of scripts
 * written without spaces (Chinese, Japanese) — Korean, which spaces its words, gets spaces.
 */
export function joinWords(words: readonly string[]): string {
  const parts: string[] = [];
  let before = -1;
  for (const word of words) {
    if (word === '') continue;
    const after = word.codePointAt(0) ?? 0;
    if (before >= 0 && !(charClass(before) === 'cjk' && charClass(after) === 'cjk'))
      parts.push(' ');
    parts.push(word);
    before = [...word].pop()!.codePointAt(0) ?? 0;
  }
  return parts.join('');
}
