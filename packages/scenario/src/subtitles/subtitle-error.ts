import { EcgError } from '@ecg-render/errors';
import type { SubtitleFormat } from './types.js';

export interface SubtitleErrorInput {
  format: SubtitleFormat | 'unknown';
  /** 1-based line of the problem. */
  line: number;
  /** 1-based column (UTF-16 code unit) of the problem. */
  column: number;
  message: string;
}

/** The one way importers fail: INVALID_SUBTITLES with where the problem is, for editors to jump to. */
export function subtitleError(input: SubtitleErrorInput): EcgError {
  const { format, line, column, message } = input;
  return new EcgError('INVALID_SUBTITLES', `${message} (line ${line}, column ${column})`, {
    details: { format, line, column },
  });
}
