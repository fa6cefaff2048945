/** A frame rate as an exact rational (e.g. 30000/1001 for NTSC 29.97). */
export interface Rational {
  num: number;
  den: number;
}

/**
 * The caption time of frame `index`: frame i covers [i/fps, (i+1)/fps) and is sampled at its own
 * start, as FFmpeg numbers it. Node (planning) and the page (seeking) must compute bit-identical
 * doubles, so both call this one function; `(index * den) / num` and `index / (num / den)` differ in
 * the last bit often enough to move a cue boundary by a frame.
 */
export function frameTime(index: number, fps: Rational): number {
  return (index * fps.den) / fps.num;
}

/** First frame whose time is at or after `seconds` (the frame on which a cue starting then shows). */
export function firstFrameAtOrAfter(seconds: number, fps: Rational): number {
  let index = Math.ceil((seconds * fps.num) / fps.den);
  // Correct for rounding in the multiplication so the answer agrees with frameTime exactly.
  while (index > 0 && frameTime(index - 1, fps) >= seconds) index -= 1;
  while (frameTime(index, fps) < seconds) index += 1;
  return index;
}

/** Last frame whose time is at or before `seconds` (-1 when none). */
export function lastFrameAtOrBefore(seconds: number, fps: Rational): number {
  let index = Math.floor((seconds * fps.num) / fps.den);
  while (frameTime(index, fps) > seconds) index -= 1;
  while (frameTime(index + 1, fps) <= seconds) index += 1;
  return Math.max(-1, index);
}
