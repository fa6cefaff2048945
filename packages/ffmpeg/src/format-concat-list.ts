import { EcgError } from '@ecg-render/errors';

/**
 * The text of an FFmpeg concat-demuxer list (https://ffmpeg.org/ffmpeg-formats.html#concat).
 * Each path goes in single quotes; a quote inside becomes `'\''` (close, escaped quote, reopen),
 * the demuxer's own quoting rule. Line breaks cannot be quoted and are refused.
 */
export function formatConcatList(segmentPaths: readonly string[]): string {
  if (segmentPaths.length === 0) {
    throw new EcgError('INVALID_OPTIONS', 'A concat list needs at least one segment');
  }
  const lines = ['ffconcat version 1.0'];
  for (const path of segmentPaths) {
    if (/[\r\n\0]/.test(path)) {
      throw new EcgError('INVALID_OPTIONS', 'Segment paths cannot contain line breaks or NUL', {
        details: { path },
      });
    }
    lines.push(`file '${path.replaceAll("'", "'\\''")}'`);
  }
  return `${lines.join('\n')}\n`;
}
