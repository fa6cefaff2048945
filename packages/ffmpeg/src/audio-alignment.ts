import type { MediaInfo } from './types.js';

/**
 * How to open an audio-only reader of the source so that its audio plays in step with output
 * frame 0, whose picture is the source's video at `outputSec` after its first frame:
 * `seekSec` to skip audio that plays before that picture (`-ss`), or `delaySec` to start the
 * audio later when the source's audio itself starts later (`-itsoffset`). At most one is non-zero.
 *
 * FFmpeg counts an input's time from the file's start (its earliest stream), except MPEG-TS,
 * which it re-bases on the streams a reader uses: for an audio-only reader, the audio's start.
 */
export function audioAlignment(
  info: MediaInfo,
  outputSec: number,
): { seekSec: number; delaySec: number } {
  const isMpegTs = info.formatName.split(',').includes('mpegts');
  const zero = isMpegTs && info.audio ? info.audio.startTimeSec : info.startTimeSec;
  // Microsecond timestamps: anything closer than that is the same instant.
  const at = Math.round((info.video.startTimeSec - zero + outputSec) * 1e6) / 1e6;
  return at >= 0 ? { seekSec: at, delaySec: 0 } : { seekSec: 0, delaySec: -at };
}
