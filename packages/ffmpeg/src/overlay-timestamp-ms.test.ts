import { describe, expect, it } from 'vitest';
import { overlayTimestampMs } from './overlay-timestamp-ms.js';

describe('overlayTimestampMs', () => {
  it.each([
    [0, { num: 30, den: 1 }, 0, 0],
    [1, { num: 30, den: 1 }, 0, 16],
    [10, { num: 30, den: 1 }, 0, 316],
    [10, { num: 30000, den: 1001 }, 0, 316],
    [1, { num: 25, den: 1 }, 0, 20],
    [3, { num: 60, den: 1 }, 0.5, 541],
    [0, { num: 60, den: 1 }, 0.5, 0],
  ])('frame %i at %o with firstMainPts %f → %i ms', (frame, fps, firstMainPts, expected) => {
    expect(overlayTimestampMs({ frame, fps, firstMainPts })).toBe(expected);
  });

  it('lies strictly between main frames j−1 and j for every frame of an hour', () => {
    for (const fps of [
      { num: 24000, den: 1001 },
      { num: 30, den: 1 },
      { num: 60000, den: 1001 },
      { num: 120, den: 1 },
    ]) {
      const frames = Math.ceil((3600 * fps.num) / fps.den);
      for (let j = 1; j < frames; j++) {
        const ms = overlayTimestampMs({ frame: j, fps, firstMainPts: 0 });
        const previous = ((j - 1) * fps.den) / fps.num;
        const current = (j * fps.den) / fps.num;
        if (!(ms / 1000 > previous && ms / 1000 < current)) {
          throw new Error(`frame ${j} at ${fps.num}/${fps.den}: ${ms} ms`);
        }
      }
    }
  });

  it('refuses negative or fractional frames', () => {
    expect(() =>
      overlayTimestampMs({ frame: -1, fps: { num: 30, den: 1 }, firstMainPts: 0 }),
    ).toThrow(RangeError);
    expect(() =>
      overlayTimestampMs({ frame: 1.5, fps: { num: 30, den: 1 }, firstMainPts: 0 }),
    ).toThrow(RangeError);
  });
});
