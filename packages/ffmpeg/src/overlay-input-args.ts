/**
 * Opens the caption stream: Matroska carrying PNG frames, read from stdin.
 *
 * - `-threads 1`: FFmpeg's PNG decoder is frame-threaded, and a frame-threaded decoder returns
 *   frame n only after it has been given about n + threads packets. Our stream is sparse (a frame
 *   only when the captions change), so with threads FFmpeg stalled the whole render until later
 *   overlay frames — or the end of the stream — arrived (measured with FFmpeg 5.1).
 * - `-probesize 32 -analyzeduration 0 -fpsprobesize 0`: everything FFmpeg needs is in the track
 *   header plus frame 0; by default `avformat_find_stream_info` keeps reading to estimate a frame
 *   rate, which for a sparse live stream means waiting seconds (or to the end of the stream).
 * - Protocol `pipe` and demuxer `matroska` only.
 */
export function overlayInputArgs(): string[] {
  return [
    '-threads',
    '1',
    '-probesize',
    '32',
    '-analyzeduration',
    '0',
    '-fpsprobesize',
    '0',
    '-protocol_whitelist',
    'pipe',
    '-format_whitelist',
    'matroska',
    '-f',
    'matroska',
    '-i',
    'pipe:0',
  ];
}
