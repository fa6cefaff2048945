import { JsonSyntaxError } from './subtitles/json-syntax-error.js';
import { parseJsonWithPositions } from './subtitles/parse-json-with-positions.js';

export interface JsonSyntaxLocation {
  /** What is wrong, as our strict parser says it (e.g. `Expected "," or "}" but found "]"`). */
  message: string;
  /** 1-based line and column (in UTF-16 code units, as editors count them). */
  line: number;
  column: number;
}

/**
 * Where text that `JSON.parse` refused goes wrong, for a message that points at it: JSON.parse's
 * own errors give an offset at best. Null when the text parses (then the refusal was something
 * else, such as a key the caller forbids).
 */
export function locateJsonSyntaxError(text: string): JsonSyntaxLocation | null {
  try {
    parseJsonWithPositions(text);
    return null;
  } catch (error) {
    if (!(error instanceof JsonSyntaxError)) throw error;
    const before = text.slice(0, error.offset).split('\n');
    return {
      message: error.message,
      line: before.length,
      column: (before.at(-1)?.length ?? 0) + 1,
    };
  }
}
