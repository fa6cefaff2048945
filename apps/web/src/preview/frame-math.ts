import {
  firstFrameAtOrAfter,
  frameTime,
  lastFrameAtOrBefore,
  type Rational,
} from '@ecg-render/page/frame-time';

export { frameTime, type Rational };

/**
 * Browsers report media time rounded to the microsecond (Chromium keeps it as an integer number
 * of µs), so a frame's own timestamp can read a hair below the exact i·den/num. Anything this
 * close to a frame's start counts as that frame.
 */
const MEDIA_TIME_SLACK = 1e-4;

/** The frame showing at media time `seconds` (frame i covers [i/fps, (i+1)/fps), as FFmpeg's). */
export function frameAtTime(seconds: number, fps: Rational): number {
  return Math.max(0, lastFrameAtOrBefore(seconds + MEDIA_TIME_SLACK, fps));
}

/** Frames in `durationSec` of media: those whose start time is before the end. */
export function frameCountFor(durationSec: number, fps: Rational): number {
  if (!Number.isFinite(durationSec) || durationSec <= 0) return 0;
  return firstFrameAtOrAfter(durationSec, fps);
}

/**
 * Where to put `video.currentTime` to show frame `index`: the middle of its interval. Seeking to
 * the exact start shows the previous frame about a third of the time (the start rounds to just
 * below the frame's timestamp), a trap the render core's design notes record.
 */
export function seekTimeForFrame(index: number, fps: Rational, durationSec: number): number {
  const middle = frameTime(index, fps) + frameTime(1, fps) / 2;
  return Number.isFinite(durationSec) && durationSec > 0
    ? Math.min(middle, Math.max(0, durationSec - 1e-3))
    : middle;
}

/** A rate from the API's accepted spellings: 30, 29.97 (NTSC, exact 30000/1001), "30000/1001". */
export function parseFrameRate(value: unknown): Rational | null {
  if (typeof value === 'string') {
    const match = /^\s*(\d+)\s*\/\s*(\d+)\s*$/.exec(value);
    if (match) {
      const num = Number(match[1]);
      const den = Number(match[2]);
      return num > 0 && den > 0 ? { num, den } : null;
    }
    const number = Number(value);
    return value.trim() === '' ? null : parseFrameRate(number);
  }
  if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0) return null;
  if (Number.isInteger(value)) return { num: value, den: 1 };
  // The same reading as the API: 29.97, 59.94, 23.976 are the NTSC rates.
  const ntsc = Math.round(value * 1.001);
  if (Math.abs(value - ntsc / 1.001) < 0.005) return { num: ntsc * 1000, den: 1001 };
  return { num: Math.round(value * 1000), den: 1000 };
}

export function rateValue(fps: Rational): number {
  return fps.num / fps.den;
}

/** `30`, `29.97`, `23.976`: a rate as people write it. */
export function formatFrameRate(fps: Rational): string {
  const value = rateValue(fps);
  return Number.isInteger(value) ? String(value) : String(Math.round(value * 1000) / 1000);
}

/** `m:ss.mmm` (or `h:mm:ss.mmm`), never rounding up past the frame being shown. */
export function formatTime(seconds: number): string {
  const total = Math.max(0, Math.floor(seconds * 1000 + 1e-6));
  const ms = total % 1000;
  const s = Math.floor(total / 1000) % 60;
  const m = Math.floor(total / 60_000) % 60;
  const h = Math.floor(total / 3_600_000);
  const pad = (n: number, width: number) => String(n).padStart(width, '0');
  return h > 0 ? `${h}:${pad(m, 2)}:${pad(s, 2)}.${pad(ms, 3)}` : `${m}:${pad(s, 2)}.${pad(ms, 3)}`;
}
