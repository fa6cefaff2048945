/**
 * Splits a subtitle file into lines the way every format here wants it: a leading byte-order mark
 * removed, CRLF, lone CR and LF all ending a line, and NUL replaced by U+FFFD (as the WebVTT parser
 * requires; harmless elsewhere). Line i of the result is line i + 1 of the file.
 */
export function splitLines(text: string): string[] {
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  return body.replace(/\0/g, '\uFFFD').split(/\r\n|\r|\n/);
}
