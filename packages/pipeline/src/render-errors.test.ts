import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EcgError } from '@ecg-render/errors';
import { renderVideo, type RenderVideoOptions } from './render-video.js';
import { makeTestVideo } from './testing/media.js';
import { renderChildren } from './testing/processes.js';

const scenario = (children: unknown[], extra: Record<string, unknown> = {}) => ({
  version: '2.0',
  timebase: { unit: 'seconds' },
  stage: { baseAspect: '16:9' },
  tracks: [
    { id: 't', type: 'subtitle', layer: 1, defaultStyle: { fontSizeRel: 0.08, color: '#fff' } },
  ],
  cues: [{ id: 'c', track: 't', root: { id: 'g', eType: 'group', children } }],
  ...extra,
});
const text = (id: string, t: [number, number], more: Record<string, unknown> = {}) => ({
  id,
  eType: 'text',
  text: `caption ${id}`,
  displayTime: t,
  layout: { position: { x: 0.5, y: 0.8 } },
  ...more,
});

describe('bad input: a coded error, nothing left behind', () => {
  let dir: string;
  let video: string;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'ecg-errors-'));
    video = await makeTestVideo({ path: join(dir, 'src.mp4'), seconds: 3, fps: 10 });
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  async function failure(options: Partial<RenderVideoOptions>): Promise<EcgError> {
    const outDir = mkdtempSync(join(dir, 'out-'));
    const output = join(outDir, 'out.mp4');
    let caught: unknown;
    try {
      await renderVideo({
        source: video,
        scenario: scenario([text('a', [0.5, 1.5])]),
        output,
        workers: 1,
        ...options,
      });
    } catch (error) {
      caught = error;
    }
    expect(caught, 'the render must fail').toBeInstanceOf(EcgError);
    // No output, no temporary file, no Chromium or FFmpeg left running.
    expect(readdirSync(outDir)).toEqual([]);
    expect(renderChildren()).toEqual([]);
    return caught as EcgError;
  }

  it('a schema error names the JSON path', async () => {
    const error = await failure({ scenario: scenario([text('a', [2, 1])]) });
    expect(error.code).toBe('INVALID_SCENARIO');
    expect(error.details['path']).toBe('$.cues[0].root.children[0].displayTime');
  });

  it('a v1.3 scenario is refused', async () => {
    const error = await failure({ scenario: { ...scenario([]), version: '1.3' } });
    expect(error.code).toBe('UNSUPPORTED_SCENARIO_VERSION');
  });

  it('an unknown plugin is named, with what is available', async () => {
    const error = await failure({
      scenario: scenario([text('a', [0.5, 1.5], { pluginChain: [{ name: 'sparkles' }] })]),
    });
    expect(error.code).toBe('UNKNOWN_PLUGIN');
    expect(error.message).toContain('sparkles');
    expect(error.details['available']).toContain('fadeIn@1.0.0');
  });

  it('a missing, corrupt, truncated or unsupported video is refused', async () => {
    expect((await failure({ source: join(dir, 'nope.mp4') })).code).toBe('MEDIA_NOT_FOUND');
    const garbage = join(dir, 'garbage.mp4');
    writeFileSync(garbage, Buffer.alloc(4096, 7));
    expect((await failure({ source: garbage })).code).toBe('UNSUPPORTED_MEDIA');
    const text = join(dir, 'notes.txt');
    writeFileSync(text, 'not a video at all');
    expect((await failure({ source: text })).code).toBe('UNSUPPORTED_MEDIA');
    const truncated = join(dir, 'truncated.mp4');
    writeFileSync(
      truncated,
      Buffer.from(await import('node:fs/promises').then((fs) => fs.readFile(video))).subarray(
        0,
        3000,
      ),
    );
    expect((await failure({ source: truncated })).code).toBe('UNSUPPORTED_MEDIA');
  });

  it('a font that is nowhere is MISSING_FONT; one with a fallback is a warning', async () => {
    const error = await failure({
      scenario: scenario([text('a', [0.5, 1.5], { style: { fontFamily: 'NoSuchFontFamily' } })]),
    });
    expect(error.code).toBe('MISSING_FONT');
    expect(error.message).toContain('NoSuchFontFamily');
    const output = join(dir, 'fallback.mp4');
    const summary = await renderVideo({
      source: video,
      scenario: scenario([
        text('a', [0.5, 1.5], { style: { fontFamily: 'NoSuchFontFamily, sans-serif' } }),
      ]),
      output,
      workers: 1,
    });
    expect(summary.warnings.map((w) => w.code)).toContain('FONT_FALLBACK');
  });

  it('a plugin that throws fails the render with the plugin and frame', async () => {
    const plugins = join(dir, 'plugins');
    mkdirSync(join(plugins, 'broken@1.0.0'), { recursive: true });
    writeFileSync(
      join(plugins, 'broken@1.0.0', 'manifest.json'),
      JSON.stringify({ name: 'broken', version: '1.0.0', entry: 'index.mjs' }),
    );
    writeFileSync(
      join(plugins, 'broken@1.0.0', 'index.mjs'),
      "export const name = 'broken'; export const version = '1.0.0';\nexport function animate() { return (p) => { if (p > 0.5) throw new Error('boom'); }; }\n",
    );
    const error = await failure({
      pluginDirs: [plugins],
      scenario: scenario([
        text('a', [0.5, 2.5], {
          pluginChain: [{ name: 'broken', baseTime: [1, 2], timeOffset: ['0%', '0%'] }],
        }),
      ]),
    });
    expect(error.code).toBe('PLUGIN_FAILED');
    expect(error.message).toContain('broken@1.0.0');
    expect(error.details['frame']).toBe(16);
  });

  it('a remote font is refused before anything starts', async () => {
    const error = await failure({
      scenario: scenario([text('a', [0.5, 1.5])], {
        define: {
          brand: { type: 'font', family: 'Brand', src: 'https://fonts.example.com/brand.woff2' },
        },
      }),
    });
    expect(error.code).toBe('ASSET_NOT_ALLOWED');
  });

  it('bad options are INVALID_OPTIONS', async () => {
    expect((await failure({ crf: 99 })).code).toBe('INVALID_OPTIONS');
    expect((await failure({ width: 641, height: 360 })).code).toBe('INVALID_OPTIONS');
    expect((await failure({ range: { startSec: 2, endSec: 1 } })).code).toBe('INVALID_OPTIONS');
    expect((await failure({ range: { startSec: 30 } })).code).toBe('INVALID_OPTIONS');
    expect((await failure({ encoder: 'h264_nvenc' })).code).toBe('ENCODER_UNAVAILABLE');
  });

  it('cancellation mid-render stops everything and publishes nothing', async () => {
    const controller = new AbortController();
    const long = await makeTestVideo({
      path: join(dir, 'long.mp4'),
      seconds: 20,
      fps: 30,
      width: 640,
      height: 360,
    });
    // Cancel once FFmpeg has encoded some frames: mid-render on any machine, however fast.
    let reported = 0;
    const error = await failure({
      source: long,
      signal: controller.signal,
      onProgress: (progress) => {
        if (progress.phase === 'render' && progress.frame >= 30 && reported++ === 0)
          controller.abort();
      },
      scenario: scenario([
        text('a', [0, 20], {
          pluginChain: [{ name: 'pulse', baseTime: [0, 20], timeOffset: ['0%', '0%'] }],
        }),
      ]),
    });
    expect(error.code).toBe('CANCELLED');
  });

  it('captions past the end of the video are cut there, with a warning', async () => {
    const summary = await renderVideo({
      source: video,
      scenario: scenario([text('a', [2, 9])]),
      output: join(dir, 'past-end.mp4'),
      workers: 1,
    });
    expect(summary.frames).toBe(30);
    const warning = summary.warnings.find((w) => w.code === 'CAPTIONS_PAST_END');
    expect(warning?.message).toContain('9.000');
  });
});
