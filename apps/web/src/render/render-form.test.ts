import { describe, expect, it } from 'vitest';
import {
  DEFAULT_RENDER_FORM,
  outputSize,
  presetsFor,
  previewTiming,
  toApiOptions,
  type RenderForm,
} from './render-form.js';

const form = (changes: Partial<RenderForm>): RenderForm => ({ ...DEFAULT_RENDER_FORM, ...changes });
const HD = { width: 1920, height: 1080 };

describe('outputSize', () => {
  it.each([
    [{ resolution: 'source' }, HD, HD],
    [{ resolution: 'source' }, { width: 853, height: 481 }, { width: 852, height: 480 }],
    [{ resolution: '720' }, HD, { width: 1280, height: 720 }],
    [{ resolution: '360' }, HD, { width: 640, height: 360 }],
    [{ resolution: '1080' }, { width: 1080, height: 1920 }, { width: 1080, height: 1920 }],
    [{ resolution: '720' }, { width: 1080, height: 1920 }, { width: 720, height: 1280 }],
    [{ resolution: '480' }, { width: 1440, height: 1080 }, { width: 640, height: 480 }],
    [
      { resolution: 'custom', customWidth: '800', customHeight: '600' },
      null,
      { width: 800, height: 600 },
    ],
    [{ resolution: 'custom', customWidth: '801', customHeight: '600' }, HD, null],
    [{ resolution: '720' }, null, null],
  ] as const)('%j of %j → %j', (changes, source, expected) => {
    expect(outputSize(form(changes), source)).toEqual(expected);
  });
});

describe('toApiOptions', () => {
  it('leaves source size and rate to the API and sends the rest as the API names it', () => {
    expect(toApiOptions(DEFAULT_RENDER_FORM, HD)).toEqual({
      ok: true,
      options: { encoder: 'auto', quality: 'high', format: 'mp4' },
    });
    expect(
      toApiOptions(
        form({
          resolution: '720',
          fps: '29.97',
          encoder: 'libx264',
          quality: 'ultra',
          preset: 'slow',
          format: 'mkv',
        }),
        HD,
      ),
    ).toEqual({
      ok: true,
      options: {
        width: 1280,
        height: 720,
        fps: 29.97,
        encoder: 'libx264',
        quality: 'ultra',
        preset: 'slow',
        format: 'mkv',
      },
    });
    expect(
      toApiOptions(form({ resolution: 'custom', customWidth: '640', customHeight: '360' }), null),
    ).toMatchObject({
      ok: true,
      options: { width: 640, height: 360 },
    });
  });

  it('names the fields that keep the form from being sent', () => {
    expect(
      toApiOptions(form({ resolution: 'custom', customWidth: '641', customHeight: '' }), HD),
    ).toEqual({
      ok: false,
      problems: [
        { field: 'customWidth', message: expect.stringContaining('even whole number') },
        { field: 'customHeight', message: expect.stringContaining('even whole number') },
      ],
    });
    expect(toApiOptions(form({ resolution: '720' }), null)).toMatchObject({
      ok: false,
      problems: [{ field: 'resolution' }],
    });
    expect(toApiOptions(form({ encoder: 'h264_nvenc', preset: 'slow' }), HD)).toMatchObject({
      ok: false,
      problems: [{ field: 'preset' }],
    });
  });

  it('offers speed presets that fit the encoder', () => {
    expect(presetsFor('libx265')).toContain('veryslow');
    expect(presetsFor('hevc_nvenc')).toEqual(['p1', 'p2', 'p3', 'p4', 'p5', 'p6', 'p7']);
    expect(presetsFor('auto')).toEqual([]);
  });
});

describe('previewTiming', () => {
  it('steps on the grid the render will have: chosen rate, else the video’s, else the scenario’s', () => {
    const video = { num: 25, den: 1 };
    expect(previewTiming(form({ fps: '59.94' }), video, 30)).toEqual({
      fps: { num: 60000, den: 1001 },
      from: 'render options',
    });
    expect(previewTiming(DEFAULT_RENDER_FORM, video, 30)).toEqual({ fps: video, from: 'video' });
    expect(previewTiming(DEFAULT_RENDER_FORM, null, 24)).toEqual({
      fps: { num: 24, den: 1 },
      from: 'scenario timebase',
    });
    expect(previewTiming(DEFAULT_RENDER_FORM, null, undefined)).toEqual({
      fps: { num: 30, den: 1 },
      from: 'default',
    });
  });
});
