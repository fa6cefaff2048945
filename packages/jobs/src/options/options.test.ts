import { describe, expect, it } from 'vitest';
import { planSegmentRanges } from '../segments/plan-segment-ranges.js';
import { parseRenderJobOptions } from './render-job-options.js';
import { renderSettingsFor } from './render-settings-for.js';

describe('render job options', () => {
  it('maps the ECG options to encoder settings', () => {
    const options = parseRenderJobOptions({
      width: 1920,
      height: 1080,
      fps: 29.97,
      quality: 'High',
      format: 'MP4',
      extra: 1,
    });
    expect(options).toEqual({
      width: 1920,
      height: 1080,
      fps: 29.97,
      quality: 'high',
      format: 'mp4',
    });
    expect(renderSettingsFor(options)).toEqual({
      width: 1920,
      height: 1080,
      fps: { num: 30000, den: 1001 },
      crf: 18,
      preset: 'fast',
      encoder: 'auto',
      container: 'mp4',
      extension: '.mp4',
    });
    expect(renderSettingsFor(parseRenderJobOptions({}))).toMatchObject({
      crf: 23,
      preset: 'veryfast',
      container: 'mp4',
    });
    expect(
      renderSettingsFor(parseRenderJobOptions({ quality: 'lossless', format: 'mkv', fps: 25 })),
    ).toMatchObject({
      crf: 0,
      fps: { num: 25, den: 1 },
      extension: '.mkv',
    });
    expect(
      renderSettingsFor(parseRenderJobOptions({ quality: 'low', crf: 30, preset: 'p5' })),
    ).toMatchObject({ crf: 30, preset: 'p5' });
  });

  it.each([
    [30, 30],
    ['30', 30],
    [' 25 ', 25],
    ['29.97', 29.97],
    ['30000/1001', 30000 / 1001],
    ['24000/1001', 24000 / 1001],
  ])('takes fps %j (the ECG route declares number or string)', (fps, expected) => {
    expect(parseRenderJobOptions({ fps }).fps).toBe(expected);
  });

  it('renders a ratio or decimal fps as the exact NTSC rate', () => {
    for (const fps of ['30000/1001', '29.97', 29.97]) {
      expect(renderSettingsFor(parseRenderJobOptions({ fps })).fps).toEqual({
        num: 30000,
        den: 1001,
      });
    }
  });

  it.each([
    [0, 'low'],
    [39.9, 'low'],
    [40, 'medium'],
    [69, 'medium'],
    [70, 'high'],
    [85, 'high'],
    [90, 'ultra'],
    [100, 'ultra'],
    ['HIGH', 'high'],
    ['lossless', 'lossless'],
  ])('takes quality %j as %s (a score 0-100 maps onto the named presets)', (quality, name) => {
    expect(parseRenderJobOptions({ quality }).quality).toBe(name);
  });

  it.each([
    [{ width: 1920 }, 'options.width'],
    [{ fps: '30fps' }, 'options.fps'],
    [{ fps: '30000/0' }, 'options.fps'],
    [{ fps: '1/0.5' }, 'options.fps'],
    [{ fps: '-30' }, 'options.fps'],
    [{ fps: '' }, 'options.fps'],
    [{ fps: '500' }, 'options.fps'],
    [{ fps: '0/1001' }, 'options.fps'],
    [{ quality: 101 }, 'options.quality'],
    [{ quality: -1 }, 'options.quality'],
    [{ quality: '80' }, 'options.quality'],
    [{ width: 1921, height: 1080 }, 'options.width'],
    [{ quality: 'insane' }, 'options.quality'],
    [{ format: 'webm' }, 'options.format'],
    [{ fps: 0 }, 'options.fps'],
    [{ encoder: 'av1' }, 'options.encoder'],
    [{ crf: 60 }, 'options.crf'],
  ])('refuses %j', (input, where) => {
    expect(() => parseRenderJobOptions(input)).toThrow(
      expect.objectContaining({ code: 'INVALID_OPTIONS', message: expect.stringContaining(where) }),
    );
  });
});

describe('planSegmentRanges', () => {
  it('balances contiguous ranges of about the segment length', () => {
    expect(planSegmentRanges({ frameCount: 40, fps: 10, segmentSeconds: 1 })).toEqual([
      { frameStart: 0, frameEnd: 10 },
      { frameStart: 10, frameEnd: 20 },
      { frameStart: 20, frameEnd: 30 },
      { frameStart: 30, frameEnd: 40 },
    ]);
    const ranges = planSegmentRanges({ frameCount: 3601, fps: 30, segmentSeconds: 60 });
    expect(ranges.length).toBe(3);
    expect(ranges.map((r) => r.frameEnd - r.frameStart)).toEqual([1200, 1201, 1200]);
    expect(planSegmentRanges({ frameCount: 300, fps: 30, segmentSeconds: 10 })).toEqual([
      { frameStart: 0, frameEnd: 300 },
    ]);
    expect(planSegmentRanges({ frameCount: 300, fps: 30, segmentSeconds: 0 })).toEqual([
      { frameStart: 0, frameEnd: 300 },
    ]);
  });
});
