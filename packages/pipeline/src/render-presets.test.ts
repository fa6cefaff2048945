import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importSubtitles, presetNames } from '@ecg-render/scenario';
import { renderVideo } from './render-video.js';
import { decodeFrames } from './testing/media.js';

const exec = promisify(execFile);
const FPS = 10;
const SECONDS = 6;
// Cue edges on, between and just off frame times.
const CUES: [number, number, string][] = [
  [1.0, 2.0, 'First caption here'],
  [2.5, 3.73, '두 번째 자막입니다'],
  [4.0, 4.9, 'Third and last'],
];
const SRT = CUES.map(([s, e, text], i) => {
  const stamp = (t: number) => {
    const ms = Math.round(t * 1000);
    return `00:00:${String(Math.floor(ms / 1000)).padStart(2, '0')},${String(ms % 1000).padStart(3, '0')}`;
  };
  return `${i + 1}\n${stamp(s)} --> ${stamp(e)}\n${text}\n`;
}).join('\n');

describe('every preset shows each caption exactly during its cue', () => {
  let dir: string;
  let source: string;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'ecg-presets-'));
    source = join(dir, 'black.mp4');
    await exec('ffmpeg', [
      '-loglevel',
      'error',
      '-y',
      '-f',
      'lavfi',
      '-i',
      `color=black:s=640x360:r=${FPS}`,
      '-t',
      String(SECONDS),
      '-c:v',
      'libx264',
      '-pix_fmt',
      'yuv420p',
      source,
    ]);
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it.each([...presetNames])('%s', async (preset) => {
    const { scenario } = importSubtitles(SRT, { format: 'srt', preset, aspect: '16:9' });
    const output = join(dir, `${preset}.mp4`);
    const summary = await renderVideo({ source, scenario, output, workers: 1, crf: 0 });
    expect(summary.frames).toBe(SECONDS * FPS);
    const frames = await decodeFrames(
      output,
      Array.from({ length: SECONDS * FPS }, (_, i) => i),
    );
    for (let f = 0; f < SECONDS * FPS; f += 1) {
      const { rgb } = frames.get(f)!;
      let lit = 0;
      for (let i = 0; i < rgb.length; i += 3)
        if (rgb[i]! + rgb[i + 1]! + rgb[i + 2]! > 90) lit += 1;
      const t = f / FPS;
      const expected = CUES.some(([s, e]) => t >= s && t < e);
      expect(
        lit > 30,
        `${preset}: frame ${f} (t=${t.toFixed(1)} s) ${expected ? 'should show' : 'should not show'} a caption (${lit} lit pixels)`,
      ).toBe(expected);
    }
  });
});
