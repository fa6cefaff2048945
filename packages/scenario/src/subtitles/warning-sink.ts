import type { SubtitleWarning } from './types.js';

export interface WarningSink {
  /** `key` groups repeats (defaults to code + message); a repeat only bumps the first one's count. */
  add(warning: SubtitleWarning, key?: string): void;
  list(): SubtitleWarning[];
}

/**
 * Collects warnings without flooding: a file with 3,000 `\blur` tags yields one warning with
 * `count: 3000` and the first line, not 3,000 entries.
 */
export function createWarningSink(): WarningSink {
  const byKey = new Map<string, SubtitleWarning>();
  return {
    add(warning, key = `${warning.code}\u0000${warning.message}`) {
      const existing = byKey.get(key);
      if (existing) existing.count = (existing.count ?? 1) + 1;
      else byKey.set(key, { ...warning });
    },
    list() {
      return [...byKey.values()];
    },
  };
}
