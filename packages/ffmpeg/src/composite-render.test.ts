import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  buildCompositeCommand,
  type BuildCompositeCommandOptions,
} from './build-composite-command.js';
import { buildConcatCommand } from './build-concat-command.js';
import { buildTranscodeCommand } from './build-transcode-command.js';
import { createOverlayMuxer } from './create-overlay-muxer.js';
import { overlayTimestampMs } from './overlay-timestamp-ms.js';
import { probeMedia } from './probe-media.js';
import { runFfmpeg } from './run-ffmpeg.js';
import { sourceColor } from './source-color.js';
import {
  decodeYuvFrames,
  ffmpeg,
  makeRampVideo,
  meanYuv,
  rampIndex,
  solidPng,
  yuvToRgb,
  type YuvFrame,
} from './testing/test-media.js';
import { writeConcatList } from './write-concat-list.js';
import type { MediaInfo, Rational } from './types.js';

/**
 * End to end through real FFmpeg: a source whose frames carry their own index (luma ramp), a
 * caption stream from our muxer through stdin, and the decoded output checked frame by frame.
 */
let dir: string;
let ramp30: MediaInfo;
let ramp30mkv: MediaInfo;
let ramp60: MediaInfo;
let ramp30ts: MediaInfo;
let fullRange: MediaInfo;
let rotated: MediaInfo;

const FPS30: Rational = { num: 30, den: 1 };
const OVERLAY = { x: 32, y: 48, width: 64, height: 32 };
/** A patch of main picture that the overlay never covers. */
const MAIN_PATCH = { x: 200, y: 150, width: 16, height: 16 };
const OVERLAY_PATCH = { x: 48, y: 56, width: 16, height: 16 };

const RED = solidPng(64, 32, [255, 0, 0, 255]);
const CLEAR = solidPng(64, 32, [0, 0, 0, 0]);
const HALF_BLUE = solidPng(64, 32, [0, 0, 255, 128]);

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'ecg-ffmpeg-composite-'));
  await Promise.all([
    makeRampVideo({ path: join(dir, 'ramp30.mp4'), fps: 30, frames: 60 }),
    makeRampVideo({ path: join(dir, 'ramp60.mp4'), fps: 60, frames: 60, audio: false }),
  ]);
  // Remuxing mp4+AAC into Matroska moves the video start to 21 ms (the AAC priming that mp4
  // hides in an edit list): a real source whose video starts after its audio.
  await ffmpeg(['-i', join(dir, 'ramp30.mp4'), '-c', 'copy', join(dir, 'ramp30.mkv')]);
  // MPEG-TS: starts at 1.4 s, and its demuxer cannot seek to a keyframe.
  await ffmpeg([
    '-i',
    join(dir, 'ramp30.mp4'),
    '-c',
    'copy',
    '-f',
    'mpegts',
    join(dir, 'ramp30.ts'),
  ]);
  // Full-range H.264, as many phones record it (FFmpeg decodes it as yuvj420p).
  await makeRampVideo({
    path: join(dir, 'full-range-source.mp4'),
    fps: 30,
    frames: 30,
    audio: false,
    extra: ['-color_range', 'pc'],
  });
  // A phone video held upright: FFmpeg turns it while decoding.
  await ffmpeg([
    '-i',
    join(dir, 'ramp30.mp4'),
    '-c',
    'copy',
    '-metadata:s:v:0',
    'rotate=90',
    join(dir, 'rotated.mp4'),
  ]);
  const probe = (name: string): Promise<MediaInfo> => probeMedia({ path: join(dir, name) });
  [fullRange, rotated] = await Promise.all([probe('full-range-source.mp4'), probe('rotated.mp4')]);
  [ramp30, ramp30mkv, ramp60, ramp30ts] = await Promise.all([
    probe('ramp30.mp4'),
    probe('ramp30.mkv'),
    probe('ramp60.mp4'),
    probe('ramp30.ts'),
  ]);
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

interface Change {
  frame: number;
  png: Buffer;
}

/** Runs a composite, feeding caption frames only where the overlay changes. */
async function composite(
  options: Omit<BuildCompositeCommandOptions, 'overlay' | 'output' | 'encoder' | 'color'> & {
    outputName: string;
    changes: Change[];
    fps?: Rational;
    container?: 'mp4' | 'mkv';
  },
): Promise<{ path: string; firstMainPts: number; frames: YuvFrame[] }> {
  const fps = options.fps ?? FPS30;
  const path = join(dir, options.outputName);
  const { info } = options.source;
  const command = buildCompositeCommand({
    source: options.source,
    overlay: OVERLAY,
    output: {
      path,
      container: options.container ?? 'mp4',
      width: info.video.displayWidth,
      height: info.video.displayHeight,
      fps,
    },
    encoder: { encoder: 'libx264', crf: 1, preset: 'ultrafast' },
    color: sourceColor(info),
    audio: options.audio,
  });
  const run = runFfmpeg({ args: command.args, stdin: true });
  const muxer = createOverlayMuxer({ width: OVERLAY.width, height: OVERLAY.height });
  const stdin = run.stdin;
  if (!stdin) throw new Error('no stdin');
  stdin.write(muxer.header());
  for (const change of options.changes) {
    const timestampMs = overlayTimestampMs({
      frame: change.frame,
      fps,
      firstMainPts: command.firstMainPts,
    });
    stdin.write(muxer.frame({ png: change.png, timestampMs }));
  }
  stdin.end(muxer.end());
  await run.done;
  return { path, firstMainPts: command.firstMainPts, frames: await decodeYuvFrames(path) };
}

function sourceIndexes(frames: YuvFrame[]): number[] {
  return frames.map((f) => rampIndex(meanYuv(f, MAIN_PATCH)[0]));
}

function overlayRgb(frame: YuvFrame | undefined): [number, number, number] {
  if (!frame) throw new Error('missing frame');
  return yuvToRgb(meanYuv(frame, OVERLAY_PATCH), 'bt709');
}

function isRed(rgb: [number, number, number]): boolean {
  return rgb[0] > 240 && rgb[1] < 12 && rgb[2] < 12;
}

describe('composite (real FFmpeg)', () => {
  it('shows each caption change first on exactly its frame, in BT.709, with every source frame', async () => {
    const { frames, path } = await composite({
      source: { path: ramp30.path, info: ramp30 },
      outputName: 'full.mp4',
      changes: [
        { frame: 0, png: CLEAR },
        { frame: 10, png: RED },
        { frame: 20, png: HALF_BLUE },
        { frame: 30, png: CLEAR },
        { frame: 59, png: RED },
      ],
    });
    expect(frames).toHaveLength(60);
    expect(sourceIndexes(frames)).toEqual(Array.from({ length: 60 }, (_, i) => i));
    const firstRed = frames.findIndex((f) => isRed(overlayRgb(f)));
    expect(firstRed).toBe(10);
    expect(isRed(overlayRgb(frames[9]))).toBe(false);
    expect(isRed(overlayRgb(frames[19]))).toBe(true);
    expect(isRed(overlayRgb(frames[20]))).toBe(false);
    // Red converted with the source's matrix decodes back to pure red with that matrix…
    const red = overlayRgb(frames[15]);
    expect(red[0]).toBeGreaterThanOrEqual(250);
    expect(red[1]).toBeLessThanOrEqual(5);
    expect(red[2]).toBeLessThanOrEqual(5);
    // …and is not what a BT.601 conversion gives (G≈24 after a BT.709 decode).
    const yuv = meanYuv(frames[15] as YuvFrame, OVERLAY_PATCH);
    expect(yuv[0]).toBeCloseTo(63, -0.5);
    // 50 % blue over the ramp: half of each.
    const blendFrame = frames[25] as YuvFrame;
    const under = meanYuv(blendFrame, MAIN_PATCH)[0];
    const [, , b] = overlayRgb(blendFrame);
    expect(b).toBeGreaterThan(150);
    expect(under).toBeGreaterThan(80);
    // Cleared at 30, back on the last frame only.
    expect(isRed(overlayRgb(frames[30]))).toBe(false);
    expect(isRed(overlayRgb(frames[58]))).toBe(false);
    expect(isRed(overlayRgb(frames[59]))).toBe(true);

    // Audio copied, durations kept, BT.709 tags.
    const probe = await probeMedia({ path });
    expect(probe.audio?.codec).toBe('aac');
    expect(probe.video.durationSec).toBeCloseTo(2, 2);
    expect(probe.durationSec).toBeCloseTo(2, 1);
    expect(probe.video.colorSpace).toBe('bt709');
    expect(probe.video.pixFmt).toBe('yuv420p');
  });

  it.each([
    ['mkv, audio kept', () => ramp30mkv, 'auto' as const],
    ['mkv, no audio', () => ramp30mkv, 'none' as const],
    ['MPEG-TS, audio kept', () => ramp30ts, 'auto' as const],
    ['MPEG-TS, no audio', () => ramp30ts, 'none' as const],
  ])(
    'is frame-exact on a source whose video starts 21 ms after its audio (%s), the audio from the first picture on',
    async (_name, info, audio) => {
      const source = info();
      expect(source.video.startTimeSec - source.startTimeSec).toBeCloseTo(0.021, 2);
      const { frames, path } = await composite({
        source: { path: source.path, info: source },
        outputName: `offset-${source.formatName.slice(0, 3)}-${audio}.mkv`,
        container: 'mkv',
        audio,
        changes: [
          { frame: 0, png: CLEAR },
          { frame: 7, png: RED },
        ],
      });
      expect(sourceIndexes(frames)).toEqual(Array.from({ length: 60 }, (_, i) => i));
      expect(frames.findIndex((f) => isRed(overlayRgb(f)))).toBe(7);
      // The picture starts at 0 and the audio with it: the 21 ms of audio before the first
      // picture are skipped (to the AAC packet, 21 ms), not padded with a repeated frame.
      const out = await probeMedia({ path });
      expect(out.video.startTimeSec).toBe(0);
      expect(out.audio === null).toBe(audio === 'none');
      if (out.audio) {
        expect(out.audio.startTimeSec).toBeGreaterThanOrEqual(0);
        expect(out.audio.startTimeSec).toBeLessThan(0.025);
      }
    },
  );

  it.each([
    ['mp4', () => ramp30],
    ['mkv (video 21 ms after audio)', () => ramp30mkv],
    ['MPEG-TS (no keyframe index, starts at 1.4 s)', () => ramp30ts],
  ])(
    'renders a segment of %s: starts on frame k0, exact length, caption and audio from the segment start',
    async (_name, info) => {
      const source = info();
      const { frames, path } = await composite({
        source: { path: source.path, info: source, startSec: 17 / 30, durationSec: 20 / 30 },
        outputName: `segment-${source.formatName.slice(0, 3)}.mkv`,
        container: 'mkv',
        changes: [
          { frame: 0, png: CLEAR },
          { frame: 5, png: RED },
        ],
      });
      expect(sourceIndexes(frames)).toEqual(Array.from({ length: 20 }, (_, i) => 17 + i));
      expect(frames.findIndex((f) => isRed(overlayRgb(f)))).toBe(5);
      const out = await probeMedia({ path });
      // Both streams start at the segment start (audio within one AAC packet, 21 ms).
      expect(out.video.startTimeSec).toBe(0);
      expect(out.audio?.startTimeSec ?? -1).toBeGreaterThanOrEqual(0);
      expect(out.audio?.startTimeSec ?? 1).toBeLessThan(0.025);
      expect(out.audio?.durationSec ?? 0).toBeCloseTo(20 / 30, 1);
    },
  );

  it('keeps the exact length when caption frames are stamped past the last frame', async () => {
    // FFmpeg's overlay would repeat the last main frame once per late caption frame.
    const { frames } = await composite({
      source: { path: ramp30.path, info: ramp30, startSec: 0, durationSec: 20 / 30 },
      outputName: 'late-captions.mp4',
      audio: 'none',
      changes: [
        { frame: 0, png: CLEAR },
        { frame: 19, png: RED },
        { frame: 25, png: CLEAR },
        { frame: 40, png: RED },
      ],
    });
    expect(sourceIndexes(frames)).toEqual(Array.from({ length: 20 }, (_, i) => i));
    expect(isRed(overlayRgb(frames[19]))).toBe(true);
  });

  it('keeps full-range sources full range, with the captions converted for full range', async () => {
    expect(sourceColor(fullRange)).toEqual({ matrix: 'bt709', range: 'pc' });
    const source = await decodeYuvFrames(fullRange.path);
    const { frames, path } = await composite({
      source: { path: fullRange.path, info: fullRange },
      outputName: 'full-range.mp4',
      changes: [
        { frame: 0, png: CLEAR },
        { frame: 3, png: RED },
      ],
    });
    expect(frames).toHaveLength(30);
    // Main picture untouched: the same luma as the source, frame by frame.
    const luma = (f: YuvFrame | undefined): number =>
      Math.round(meanYuv(f as YuvFrame, MAIN_PATCH)[0]);
    expect(frames.map(luma)).toEqual(source.map(luma));
    const red = yuvToRgb(meanYuv(frames[10] as YuvFrame, OVERLAY_PATCH), 'bt709', 'pc');
    expect(red[0]).toBeGreaterThanOrEqual(250);
    expect(Math.max(red[1], red[2])).toBeLessThanOrEqual(5);
    const out = await probeMedia({ path });
    expect(out.video.colorRange).toBe('pc');
  });

  it('composites onto a rotated source in its display orientation, without rotating twice', async () => {
    expect(rotated.video).toMatchObject({ rotation: 270, displayWidth: 240, displayHeight: 320 });
    const path = join(dir, 'rotated-out.mp4');
    const command = buildCompositeCommand({
      source: { path: rotated.path, info: rotated },
      overlay: { x: 100, y: 200, width: 64, height: 32 },
      output: { path, container: 'mp4', width: 240, height: 320, fps: FPS30 },
      encoder: { encoder: 'libx264', crf: 1, preset: 'ultrafast' },
      color: sourceColor(rotated),
    });
    const run = runFfmpeg({ args: command.args, stdin: true });
    const muxer = createOverlayMuxer({ width: 64, height: 32 });
    run.stdin?.write(muxer.header());
    run.stdin?.write(muxer.frame({ png: RED, timestampMs: 0 }));
    run.stdin?.end();
    await run.done;
    const out = await probeMedia({ path });
    expect(out.video).toMatchObject({ width: 240, height: 320, rotation: 0 });
    const frames = await decodeYuvFrames(path);
    expect(frames).toHaveLength(60);
    expect(
      isRed(
        yuvToRgb(
          meanYuv(frames[0] as YuvFrame, { x: 110, y: 210, width: 16, height: 16 }),
          'bt709',
        ),
      ),
    ).toBe(true);
  });

  it('converts 60 fps to 30 fps on the same source frames in one pass and in segments', async () => {
    const options = { audio: 'none' as const, changes: [{ frame: 0, png: CLEAR }] };
    const whole = await composite({
      ...options,
      source: { path: ramp60.path, info: ramp60 },
      outputName: '60to30.mp4',
    });
    const segment = await composite({
      ...options,
      source: { path: ramp60.path, info: ramp60, startSec: 11 / 30, durationSec: 10 / 30 },
      outputName: '60to30-seg.mp4',
    });
    const wholeIdx = sourceIndexes(whole.frames);
    expect(wholeIdx).toHaveLength(30);
    expect(sourceIndexes(segment.frames)).toEqual(wholeIdx.slice(11, 21));
  });

  it('joins two encoded segments into the summed frame count, audio muxed once', async () => {
    const segment = async (name: string, first: number, count: number): Promise<string> => {
      const command = buildTranscodeCommand({
        source: { path: ramp30.path, info: ramp30, startSec: first / 30, durationSec: count / 30 },
        output: { path: join(dir, name), container: 'mp4', width: 320, height: 240, fps: FPS30 },
        encoder: { encoder: 'libx264', crf: 1, preset: 'ultrafast' },
        color: sourceColor(ramp30),
        audio: 'none',
      });
      await runFfmpeg({ args: command.args }).done;
      return join(dir, name);
    };
    const parts = [await segment('seg0.mp4', 0, 25), await segment('seg1.mp4', 25, 35)];
    const listPath = join(dir, 'segments.txt');
    await writeConcatList({ listPath, segmentPaths: parts });
    const joined = join(dir, 'joined.mp4');
    const { args } = buildConcatCommand({
      segmentListPath: listPath,
      audioSource: { path: ramp30.path, info: ramp30, fromSec: 0, durationSec: 2 },
      output: { path: joined, container: 'mp4' },
    });
    await runFfmpeg({ args }).done;
    const frames = await decodeYuvFrames(joined);
    expect(sourceIndexes(frames)).toEqual(Array.from({ length: 60 }, (_, i) => i));
    const probe = await probeMedia({ path: joined });
    expect(probe.audio?.codec).toBe('aac');
    expect(probe.video.frameCount).toBe(60);
    expect(probe.audio?.durationSec).toBeCloseTo(2, 1);
  });
});
