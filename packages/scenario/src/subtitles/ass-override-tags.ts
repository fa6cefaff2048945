export interface OverrideTag {
  /** Tag name without the backslash (`pos`, `an`, `1c`, `kf`); unknown tags keep their letters. */
  name: string;
  /** Arguments: the parenthesised list split at top-level commas, or the single trailing value. */
  args: string[];
  /** The tag as written, for warnings. */
  raw: string;
  /** Offset of the backslash within the block. */
  offset: number;
}

/**
 * Known ASS/SSA override names, longest first so that prefixes resolve the way renderers read them
 * (`\fscx` before `\fs`, `\bord` before `\b`, `\alpha` before `\a`).
 */
// prettier-ignore
const NAMES = [
  'iclip', 'xbord', 'ybord', 'xshad', 'yshad', 'alpha', 'blur', 'bord', 'clip', 'fade', 'fscx', 'fscy',
  'move', 'shad', 'fad', 'fax', 'fay', 'frx', 'fry', 'frz', 'fsp', 'org', 'pbo', 'pos', '1a', '1c',
  '2a', '2c', '3a', '3c', '4a', '4c', 'an', 'be', 'fe', 'fn', 'fr', 'fs', 'kf', 'ko', 'K', 'a', 'b',
  'c', 'i', 'k', 'p', 'q', 'r', 's', 't', 'u',
];

/**
 * Splits the inside of one `{…}` override block into tags. Text that is not a tag (ASS allows
 * comments inside braces) is skipped. Linear in the block length; unbalanced parentheses run to the
 * end of the block instead of failing.
 */
export function parseOverrideBlock(block: string): OverrideTag[] {
  const tags: OverrideTag[] = [];
  let i = block.indexOf('\\');
  while (i >= 0 && i < block.length) {
    const offset = i;
    i++;
    const name =
      NAMES.find((candidate) => block.startsWith(candidate, i)) ??
      /^[A-Za-z0-9]*/.exec(block.slice(i, i + 32))![0];
    i += name.length;
    let args: string[] = [];
    while (block[i] === ' ' && block[i + 1] === '(') i++;
    if (block[i] === '(') {
      let depth = 0;
      let current = '';
      let j = i;
      for (; j < block.length; j++) {
        const c = block[j]!;
        if (c === '(') {
          depth++;
          if (depth === 1) continue;
        } else if (c === ')') {
          depth--;
          if (depth === 0) break;
        } else if (c === ',' && depth === 1) {
          args.push(current.trim());
          current = '';
          continue;
        }
        current += c;
      }
      args.push(current.trim());
      i = j + 1;
    } else {
      const next = block.indexOf('\\', i);
      const end = next < 0 ? block.length : next;
      const value = block.slice(i, end).trim();
      args = value === '' ? [] : [value];
      i = end;
    }
    tags.push({ name, args, raw: block.slice(offset, Math.min(i, block.length)), offset });
    i = block.indexOf('\\', i);
  }
  return tags;
}
