import { charClass } from './char-class.js';

/**
 * Joins display words back into running text: with spaces, except between characters of scripts
 * written without spaces (Chinese, Japanese) — Korean, which spaces its words, gets spaces.
 */
export function joinWords(words: readonly string[]): string {
  let result = '';
  for (const word of words) {
    if (word === '') continue;
    if (result !== '') {
      const before = [...result].pop()!.codePointAt(0) ?? 0;
      const after = word.codePointAt(0) ?? 0;
      if (!(charClass(before) === 'cjk' && charClass(after) === 'cjk')) result += ' ';
    }
    result += word;
  }
  return result;
}
