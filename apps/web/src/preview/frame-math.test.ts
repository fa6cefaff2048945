import { describe, expect, it } from 'vitest';
import {
  formatFrameRate,
  formatTime,
  frameAtTime,
  frameCountFor,
  frameTime,
  parseFrameRate,
  seekTimeForFrame,
} from './frame-math.js';

const NTSC = { num: 30000, den: 1001 };
const P30 = { num: 30, den: 1 };

describe('frame maths (the render’s convention: frame i covers [i/fps, (i+1)/fps))', () => {
  it('finds the frame on screen, also from media times rounded to the microsecond', () => {
    for (const fps of [P30, NTSC, { num: 25, den: 1 }, { num: 24000, den: 1001 }]) {
      for (let i = 0; i < 2000; i += 7) {
        const start = frameTime(i, fps);
        const microseconds = Math.floor(start * 1e6) / 1e6; // Chromium keeps whole µs
        expect(frameAtTime(microseconds, fps), `${fps.num}/${fps.den} frame ${i}`).toBe(i);
        expect(frameAtTime(seekTimeForFrame(i, fps, Infinity), fps)).toBe(i);
        expect(frameAtTime(start + frameTime(1, fps) * 0.99, fps)).toBe(i);
      }
    }
    expect(frameAtTime(0, P30)).toBe(0);
  });

  it('seeks to the middle of a frame, never past the end', () => {
    expect(seekTimeForFrame(45, P30, 4)).toBeCloseTo(1.5 + 1 / 60, 12);
    expect(seekTimeForFrame(119, P30, 4)).toBeCloseTo(119 / 30 + 1 / 60, 12);
    expect(seekTimeForFrame(200, P30, 4)).toBe(4 - 1e-3);
  });

  it('counts frames whose start is before the end', () => {
    expect(frameCountFor(4, P30)).toBe(120);
    expect(frameCountFor(4.01, P30)).toBe(121);
    expect(frameCountFor(10.01, NTSC)).toBe(300);
    expect(frameCountFor(NaN, P30)).toBe(0);
  });

  it('reads rates as the API does', () => {
    expect(parseFrameRate(30)).toEqual(P30);
    expect(parseFrameRate(29.97)).toEqual(NTSC);
    expect(parseFrameRate('29.97')).toEqual(NTSC);
    expect(parseFrameRate(23.976)).toEqual({ num: 24000, den: 1001 });
    expect(parseFrameRate(59.94)).toEqual({ num: 60000, den: 1001 });
    expect(parseFrameRate('30000/1001')).toEqual(NTSC);
    expect(parseFrameRate(12.5)).toEqual({ num: 12500, den: 1000 });
    for (const bad of [0, -1, 'x', '', '0/1', null, undefined, Infinity])
      expect(parseFrameRate(bad)).toBeNull();
  });

  it('formats times and rates for people', () => {
    expect(formatTime(0)).toBe('0:00.000');
    expect(formatTime(1.5)).toBe('0:01.500');
    expect(formatTime(frameTime(1, NTSC))).toBe('0:00.033');
    expect(formatTime(3725.25)).toBe('1:02:05.250');
    expect(formatFrameRate(NTSC)).toBe('29.97');
    expect(formatFrameRate(P30)).toBe('30');
  });
});
