import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderVideo } from './render-video.js';
import { decodeFrames } from './testing/media.js';

const exec = promisify(execFile);

describe('timing', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'ecg-timing-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('each caption appears on the first frame at or after its start and leaves after its end', async () => {
    const source = join(dir, 'black.mp4');
    await exec('ffmpeg', [
      '-loglevel',
      'error',
      '-y',
      '-f',
      'lavfi',
      '-i',
      'color=black:s=320x180:r=30',
      '-t',
      '3',
      '-c:v',
      'libx264',
      '-pix_fmt',
      'yuv420p',
      source,
    ]);
    // Boundaries on, just before and just after frame times (frame i is at i/30 s).
    const cues: [string, number, number][] = [
      ['#ff0000', 1.0, 1.0333],
      ['#00ff00', 1.03334, 1.1],
      ['#0000ff', 1.2 - 1e-9, 1.3 + 1e-9],
      ['#ffffff', 1.5000001, 1.6],
    ];
    const scenario = {
      version: '2.0',
      timebase: { unit: 'seconds' },
      stage: { baseAspect: '16:9' },
      tracks: [{ id: 't', type: 'free', layer: 1 }],
      cues: cues.map(([color, start, end], i) => ({
        id: `c${i}`,
        track: 't',
        root: {
          id: `g${i}`,
          eType: 'group',
          displayTime: [start, end],
          layout: { position: { x: 0.5, y: 0.5 }, anchor: 'cc', size: { width: 0.5, height: 0.5 } },
          style: { backgroundColor: color },
        },
      })),
    };
    const output = join(dir, 'cues.mp4');
    await renderVideo({ source, scenario, output, workers: 1, crf: 0 });
    const frames = await decodeFrames(
      output,
      Array.from({ length: 30 }, (_, i) => 25 + i),
    );
    const colorAt = (f: number) => {
      const frame = frames.get(f)!;
      const i = (90 * frame.width + 160) * 3;
      return [frame.rgb[i]!, frame.rgb[i + 1]!, frame.rgb[i + 2]!];
    };
    const expected = (f: number): string => {
      const t = f / 30;
      const hit = cues.find(([, s, e]) => t >= s && t <= e);
      return hit ? hit[0] : '#000000';
    };
    const toHex = ([r, g, b]: number[]) =>
      `#${[r, g, b].map((v) => (v! > 128 ? 'ff' : '00')).join('')}`;
    for (let f = 25; f < 55; f += 1) expect(toHex(colorAt(f)), `frame ${f}`).toBe(expected(f));
    // Spelled out: red only on frame 30, green from 32 (31 is at 1.03333… < 1.03334) to 33.
    expect(expected(30)).toBe('#ff0000');
    expect(expected(31)).toBe('#000000');
    expect(expected(32)).toBe('#00ff00');
    expect(expected(45)).toBe('#000000');
  });

  it('audio stays in sync with the picture', async () => {
    // A white flash and a 1 kHz beep both at exactly 2.000 s.
    const source = join(dir, 'flash.mp4');
    await exec('ffmpeg', [
      '-loglevel',
      'error',
      '-y',
      '-f',
      'lavfi',
      '-i',
      "color=black:s=320x180:r=30,drawbox=c=white:t=fill:enable='between(t,2,2.09)'",
      '-f',
      'lavfi',
      '-i',
      "aevalsrc='if(between(t,2,2.05),0.8*sin(2*PI*1000*t),0)':s=48000",
      '-t',
      '4',
      '-c:v',
      'libx264',
      '-pix_fmt',
      'yuv420p',
      '-c:a',
      'aac',
      '-shortest',
      source,
    ]);
    const scenario = {
      version: '2.0',
      timebase: { unit: 'seconds' },
      stage: { baseAspect: '16:9' },
      tracks: [
        { id: 't', type: 'subtitle', layer: 1, defaultStyle: { fontSizeRel: 0.1, color: '#ff0' } },
      ],
      cues: [
        {
          id: 'c',
          track: 't',
          root: {
            id: 'n',
            eType: 'text',
            text: 'sync',
            displayTime: [0.5, 3.5],
            layout: { position: { x: 0.5, y: 0.15 } },
          },
        },
      ],
    };
    const output = join(dir, 'sync.mp4');
    await renderVideo({ source, scenario, output, workers: 1 });
    const frames = await decodeFrames(
      output,
      Array.from({ length: 120 }, (_, i) => i),
    );
    const flash = [...frames.entries()].find(([, f]) => f.rgb[(150 * f.width + 20) * 3]! > 200)![0];
    const { stdout } = await exec(
      'ffmpeg',
      [
        '-loglevel',
        'error',
        '-i',
        output,
        '-map',
        '0:a',
        '-ac',
        '1',
        '-ar',
        '48000',
        '-f',
        's16le',
        'pipe:1',
      ],
      {
        encoding: 'buffer',
        maxBuffer: 64 * 1024 * 1024,
      },
    );
    const pcm = stdout as unknown as Buffer;
    let beep = -1;
    for (let i = 0; i < pcm.length / 2; i += 1) {
      if (Math.abs(pcm.readInt16LE(i * 2)) > 8000) {
        beep = i / 48000;
        break;
      }
    }
    expect(flash).toBe(60);
    expect(Math.abs(beep - flash / 30)).toBeLessThan(1 / 30);
  });
});
