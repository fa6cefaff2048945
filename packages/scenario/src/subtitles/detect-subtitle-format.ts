import { subtitleError } from './subtitle-error.js';
import type { SubtitleFormat } from './types.js';

const EXTENSIONS: Record<string, SubtitleFormat> = {
  srt: 'srt',
  vtt: 'vtt',
  webvtt: 'vtt',
  ass: 'ass',
  ssa: 'ass',
  json: 'json',
};

/**
 * Which format a subtitle file is in. The content decides when it is unambiguous (a `WEBVTT`
 * signature, an ASS section header, a JSON value, an SRT timing line) — a file named `.srt` that
 * is really WebVTT is common; the file name decides otherwise. Throws INVALID_SUBTITLES when
 * neither tells.
 */
export function detectSubtitleFormat(text: string, filename?: string): SubtitleFormat {
  const head = (text.charCodeAt(0) === 0xfeff ? text.slice(1) : text).slice(0, 4096);
  const trimmed = head.trimStart();
  if (/^WEBVTT(?:$|[ \t\r\n])/.test(head)) return 'vtt';
  if (/^\[(?:Script Info|V4\+? Styles\+?|Events)\]/im.test(trimmed)) return 'ass';
  // JSON starts with { or [, but "[Section]" alone on the first line is an INI-style header.
  if (/^[{[]/.test(trimmed) && !/^\[[\w +-]*\]\s*$/.test(trimmed.split('\n')[0] ?? '')) {
    return 'json';
  }
  const extension = filename ? /\.([a-z0-9]+)$/i.exec(filename)?.[1]?.toLowerCase() : undefined;
  const byName = extension ? EXTENSIONS[extension] : undefined;
  if (/\d{1,2}:\d{1,2}[,.:]\d{1,3}\s*-{1,2}>\s*(?:\d{1,3}:)?\d{1,2}:\d{1,2}/.test(head)) {
    // Timings without a WEBVTT signature: SRT, unless the name says WebVTT (its parser then
    // reports the missing signature precisely).
    return byName === 'vtt' ? 'vtt' : 'srt';
  }
  if (byName) return byName;
  throw subtitleError({
    format: 'unknown',
    line: 1,
    column: 1,
    message: 'unrecognised subtitle format (expected SRT, WebVTT, ASS/SSA or word-timed JSON)',
  });
}
