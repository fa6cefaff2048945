import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildConcatCommand, probeMedia, runFfmpeg, writeConcatList } from '@ecg-render/ffmpeg';
import { renderVideo } from './render-video.js';
import { decodeFrames } from './testing/media.js';
import { textScenario } from './testing/text-scenario.js';

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

  /** A caption over the whole flash test, so the composite path is the one measured. */
  const syncScenario = textScenario({
    text: 'sync',
    displayTime: [0.5, 3.5],
    position: { x: 0.5, y: 0.15 },
    trackStyle: { fontSizeRel: 0.1, color: '#ff0' },
  });

  /** The first output frame showing the white flash (its lower left corner turns white). */
  async function flashFrame(output: string): Promise<number> {
    const frames = await decodeFrames(
      output,
      Array.from({ length: 120 }, (_, i) => i),
    );
    return [...frames.entries()].find(([, f]) => f.rgb[(150 * f.width + 20) * 3]! > 200)![0];
  }

  /** Seconds from the start of the output's timeline to the beep (the audio's own start counted). */
  async function beepTime(output: string): Promise<number> {
    const { stdout } = await exec(
      'ffmpeg',
      [
        '-loglevel',
        'error',
        '-i',
        output,
        '-map',
        '0:a',
        // Keep the audio's start offset as silence, so sample i plays at i/48000 s.
        '-af',
        'aresample=async=1:first_pts=0',
        '-ac',
        '1',
        '-ar',
        '48000',
        '-f',
        's16le',
        'pipe:1',
      ],
      { encoding: 'buffer', maxBuffer: 64 * 1024 * 1024 },
    );
    const pcm = stdout as unknown as Buffer;
    for (let i = 0; i < pcm.length / 2; i += 1) {
      if (Math.abs(pcm.readInt16LE(i * 2)) > 8000) return i / 48000;
    }
    return -1;
  }

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
    const output = join(dir, 'sync.mp4');
    await renderVideo({ source, scenario: syncScenario, output, workers: 1 });
    const flash = await flashFrame(output);
    expect(flash).toBe(60);
    expect(Math.abs((await beepTime(output)) - flash / 30)).toBeLessThan(1 / 30);
  });

  describe('an MPEG-TS source whose video starts 0.3 s after its audio', () => {
    // Flash and beep together at 2.0 s on the file's clock; the video's first frame is at 0.3 s,
    // so the flash is its frame 51 and the output (which starts at the first picture) has it
    // there too, with the beep 51/30 s in, and exactly the source's 99 frames.
    let source: string;
    beforeAll(async () => {
      source = join(dir, 'late-video.ts');
      await exec('ffmpeg', [
        '-loglevel',
        'error',
        '-y',
        '-itsoffset',
        '0.3',
        '-f',
        'lavfi',
        '-i',
        "color=black:s=320x180:r=30:d=3.3,drawbox=c=white:t=fill:enable='between(t,1.7,1.79)'",
        '-f',
        'lavfi',
        '-i',
        "aevalsrc='if(between(t,2,2.05),0.8*sin(2*PI*1000*t),0)':s=48000:d=3.6",
        '-c:v',
        'libx264',
        '-g',
        '30',
        '-pix_fmt',
        'yuv420p',
        '-c:a',
        'aac',
        '-f',
        'mpegts',
        source,
      ]);
      const info = await probeMedia({ path: source });
      // 0.3 s, plus the AAC encoder's priming (1024 samples) put in front of the audio.
      expect(info.video.startTimeSec - info.audio!.startTimeSec).toBeGreaterThan(0.29);
      expect(info.video.startTimeSec - info.audio!.startTimeSec).toBeLessThan(0.33);
      expect(info.video.frameCount).toBe(99);
    });

    async function expectInSync(output: string): Promise<void> {
      const info = await probeMedia({ path: output });
      expect((await decodeFrames(output, [98, 99])).size).toBe(1);
      expect(info.video.startTimeSec).toBe(0);
      const flash = await flashFrame(output);
      expect(flash).toBe(51);
      expect(Math.abs((await beepTime(output)) - flash / 30)).toBeLessThan(1 / 30);
    }

    it("renders in one pass with lip sync and the source's frames", async () => {
      const output = join(dir, 'late-video.mp4');
      const summary = await renderVideo({ source, scenario: syncScenario, output, workers: 1 });
      expect(summary.frames).toBe(99);
      await expectInSync(output);
    });

    it('renders as segments joined without re-encoding, the audio muxed once, in sync the same', async () => {
      const segments: string[] = [];
      for (const [first, count] of [
        [0, 40],
        [40, 59],
      ] as const) {
        const path = join(dir, `late-video-${first}.mp4`);
        await renderVideo({
          source,
          scenario: syncScenario,
          output: path,
          workers: 1,
          frames: { first, count },
          audio: 'none',
        });
        segments.push(path);
      }
      const listPath = join(dir, 'late-video.ffconcat');
      await writeConcatList({ listPath, segmentPaths: segments });
      const output = join(dir, 'late-video-joined.mp4');
      const { args } = buildConcatCommand({
        segmentListPath: listPath,
        audioSource: {
          path: source,
          info: await probeMedia({ path: source }),
          fromSec: 0,
          durationSec: 99 / 30,
        },
        output: { path: output, container: 'mp4' },
      });
      await runFfmpeg({ args }).done;
      await expectInSync(output);
    });
  });
});
