import { describe, expect, it } from 'vitest';
import { ProgressParser } from './progress-parser.js';
import { TailBuffer } from './tail-buffer.js';
import { formatSeconds } from './format-seconds.js';
import { parseRational } from './parse-rational.js';

const block = (frame: number, us: string, speed: string, end = 'continue'): string =>
  `frame=${frame}\nfps=0.00\nstream_0_0_q=28.0\nbitrate=N/A\ntotal_size=N/A\nout_time_us=${us}\n` +
  `out_time_ms=${us}\nout_time=00:00:00.000000\ndup_frames=0\ndrop_frames=0\nspeed=${speed}\nprogress=${end}\n`;

describe('ProgressParser', () => {
  it('reports each block, across arbitrary chunk boundaries', () => {
    const text =
      block(0, 'N/A', 'N/A') + block(12, '400000', '0.81x') + block(60, '2000000', '1.5x', 'end');
    for (const size of [1, 7, 64, text.length]) {
      const parser = new ProgressParser();
      const reports = [];
      for (let i = 0; i < text.length; i += size)
        reports.push(...parser.push(text.slice(i, i + size)));
      expect(reports).toEqual([
        { frame: 0, outTimeSec: 0 },
        { frame: 12, outTimeSec: 0.4, speed: 0.81 },
        { frame: 60, outTimeSec: 2, speed: 1.5 },
      ]);
    }
  });
});

describe('TailBuffer', () => {
  it('keeps only the tail, cut at a line start', () => {
    const tail = new TailBuffer(20);
    for (let i = 0; i < 100; i++) tail.push(Buffer.from(`line ${i}\n`));
    expect(tail.text()).toBe('line 98\nline 99\n');
    const short = new TailBuffer(1000);
    short.push(Buffer.from('a\nb'));
    expect(short.text()).toBe('a\nb');
  });
});

describe('formatSeconds', () => {
  it.each([
    [0, '0'],
    [1, '1'],
    [0.5, '0.5'],
    [14.5 / 30, '0.483333'],
    [1e-7, '0'],
    [-0.0000001, '0'],
    [3600.25, '3600.25'],
    [-0.021, '-0.021'],
  ])('%f → %s', (seconds, text) => {
    expect(formatSeconds(seconds)).toBe(text);
  });
});

describe('parseRational', () => {
  it.each([
    ['30/1', { num: 30, den: 1 }],
    ['30000/1001', { num: 30000, den: 1001 }],
    ['25', { num: 25, den: 1 }],
    ['0/0', null],
    ['N/A', null],
    [undefined, null],
  ])('%s', (text, expected) => {
    expect(parseRational(text)).toEqual(expected);
  });
});
