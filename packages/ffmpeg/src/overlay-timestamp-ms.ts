import type { Rational } from './types.js';

export interface OverlayTimestampOptions {
  /** Output frame index the overlay frame first applies to. */
  frame: number;
  fps: Rational;
  /** Timestamp (seconds) of output frame 0 at the overlay filter; `buildCompositeCommand` returns it. */
  firstMainPts: number;
}

/**
 * Millisecond timestamp for the overlay frame that must first appear on output frame `frame`.
 *
 * FFmpeg's overlay filter shows the latest overlay frame whose timestamp is ≤ the main frame's.
 * Placing overlay frame j half a frame before main frame j (floored to whole milliseconds, so it
 * never lands after it) puts it strictly between main frames j−1 and j: it survives up to half a
 * frame of error in `firstMainPts` and the millisecond rounding of the Matroska stream. Frame 0
 * is at 0, the start of the caption stream.
 */
export function overlayTimestampMs(options: OverlayTimestampOptions): number {
  const { frame, fps, firstMainPts } = options;
  if (!Number.isInteger(frame) || frame < 0) {
    throw new RangeError(`frame must be a non-negative integer, got ${frame}`);
  }
  if (frame === 0) return 0;
  return Math.floor(1000 * (firstMainPts + ((frame - 0.5) * fps.den) / fps.num));
}
