import { detectSubtitleFormat } from './detect-subtitle-format.js';
import { parseAss } from './parse-ass.js';
import { parseSrt } from './parse-srt.js';
import { parseVtt } from './parse-vtt.js';
import { parseWordJson } from './parse-word-json.js';
import type { SubtitleDocument, SubtitleFormat } from './types.js';

export interface ParseSubtitlesOptions {
  /** Skip detection. */
  format?: SubtitleFormat;
  /** Helps detection when the content is ambiguous. */
  filename?: string;
}

/** Parses any supported subtitle file into the intermediate model. */
export function parseSubtitles(
  text: string,
  options: ParseSubtitlesOptions = {},
): SubtitleDocument {
  const format = options.format ?? detectSubtitleFormat(text, options.filename);
  switch (format) {
    case 'srt':
      return parseSrt(text);
    case 'vtt':
      return parseVtt(text);
    case 'ass':
      return parseAss(text);
    case 'json':
      return parseWordJson(text);
  }
}
