import { mkdtemp, rm, truncate, writeFile, copyFile, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { probeMedia } from './probe-media.js';
import { decodeYuvFrames, ffmpeg, solidPng } from './testing/test-media.js';

let dir: string;
const at = (name: string): string => join(dir, name);

const TESTSRC = ['-f', 'lavfi', '-i', 'testsrc2=size=320x240:rate=30'];
const SINE = ['-f', 'lavfi', '-i', 'sine=frequency=440:sample_rate=48000'];
const X264 = ['-c:v', 'libx264', '-preset', 'ultrafast', '-pix_fmt', 'yuv420p'];

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'ecg-ffmpeg-probe-'));
  await Promise.all([
    ffmpeg([
      ...TESTSRC,
      ...SINE,
      '-t',
      '2',
      ...X264,
      '-colorspace',
      'bt709',
      '-color_primaries',
      'bt709',
      '-color_trc',
      'bt709',
      '-color_range',
      'tv',
      '-c:a',
      'aac',
      at('a.mp4'),
    ]),
    ffmpeg([
      ...TESTSRC,
      ...SINE,
      '-t',
      '1',
      '-c:v',
      'libvpx-vp9',
      '-deadline',
      'realtime',
      '-cpu-used',
      '8',
      '-b:v',
      '200k',
      '-c:a',
      'libopus',
      at('a.webm'),
    ]),
    // Variable frame rate: 15 frames 1/30 s apart, then 15 frames 1/10 s apart.
    ffmpeg([
      ...TESTSRC,
      '-t',
      '1',
      '-vf',
      "setpts='if(lt(N,15),N/30,0.5+(N-15)/10)/TB'",
      '-fps_mode',
      'passthrough',
      ...X264,
      at('vfr.mkv'),
    ]),
    ffmpeg(['-f', 'lavfi', '-i', 'color=c=red:size=64x32', '-frames:v', '1', at('still.png')]),
    // A picture in an mp4 (one mjpeg frame), and an mp4 with only a cover image.
    ffmpeg([
      '-f',
      'lavfi',
      '-i',
      'color=c=red:size=64x32',
      '-frames:v',
      '1',
      '-c:v',
      'mjpeg',
      at('still.mp4'),
    ]),
  ]);
  await Promise.all([
    ffmpeg(['-i', at('a.mp4'), '-c', 'copy', at('a.mkv')]),
    ffmpeg(['-i', at('vfr.mkv'), '-c', 'copy', at('vfr.mp4')]),
    // A phone held upright: display matrix of a quarter turn.
    ffmpeg(['-i', at('a.mp4'), '-c', 'copy', '-metadata:s:v:0', 'rotate=90', at('rotated.mp4')]),
    ffmpeg([
      '-i',
      at('still.png'),
      ...SINE,
      '-t',
      '1',
      '-map',
      '1',
      '-map',
      '0',
      '-c:a',
      'aac',
      '-c:v',
      'png',
      '-disposition:v',
      'attached_pic',
      at('cover.m4a'),
    ]),
    writeFile(at('empty.mp4'), Buffer.alloc(0)),
    writeFile(
      at('garbage.mp4'),
      Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 7919) % 251)),
    ),
    writeFile(at('image.mp4'), solidPng(16, 16, [0, 0, 0, 255])),
  ]);
  // mp4 as FFmpeg writes it keeps its index at the end: cut in half, the index is gone.
  await copyFile(at('a.mp4'), at('truncated.mp4'));
  await truncate(at('truncated.mp4'), 20_000);
  // An mp4 with its index in front (faststart), cut just after the index: ffprobe describes it
  // from the index alone; no frame can be decoded.
  await ffmpeg(['-i', at('a.mp4'), '-c', 'copy', '-movflags', '+faststart', at('faststart.mp4')]);
  const mp4 = await readFile(at('faststart.mp4'));
  await writeFile(at('index-only.mp4'), mp4.subarray(0, mp4.indexOf('mdat') + 200));
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('probeMedia', () => {
  it('describes an mp4 with video and audio', async () => {
    const info = await probeMedia({ path: at('a.mp4'), checkDecode: true });
    expect(info).toMatchObject({
      path: at('a.mp4'),
      formatName: 'mov,mp4,m4a,3gp,3g2,mj2',
      durationSec: 2,
      startTimeSec: 0,
      streamCount: 2,
      video: {
        index: 0,
        codec: 'h264',
        pixFmt: 'yuv420p',
        bitDepth: 8,
        width: 320,
        height: 240,
        displayWidth: 320,
        displayHeight: 240,
        rotation: 0,
        fps: { num: 30, den: 1 },
        avgFps: { num: 30, den: 1 },
        isVfr: false,
        frameCount: 60,
        durationSec: 2,
        startTimeSec: 0,
        colorSpace: 'bt709',
        colorRange: 'tv',
        colorPrimaries: 'bt709',
        colorTransfer: 'bt709',
      },
      audio: { index: 1, codec: 'aac', sampleRate: 48000, channels: 1, startTimeSec: 0 },
    });
    expect(info.sizeBytes).toBeGreaterThan(1000);
    expect(info.audio?.durationSec).toBeCloseTo(2, 1);
  });

  it('reads Matroska stream durations from their tags', async () => {
    const info = await probeMedia({ path: at('a.mkv') });
    expect(info.formatName).toBe('matroska,webm');
    expect(info.video.durationSec).toBeCloseTo(2.021, 3);
    // No nb_frames in Matroska: estimated from duration × rate.
    expect(info.video.frameCount).toBe(61);
    expect(info.video.startTimeSec).toBeCloseTo(0.021, 3);
  });

  it('describes WebM (VP9 + Opus)', async () => {
    const info = await probeMedia({ path: at('a.webm'), checkDecode: true });
    expect(info.video).toMatchObject({
      codec: 'vp9',
      width: 320,
      height: 240,
      fps: { num: 30, den: 1 },
    });
    expect(info.audio?.codec).toBe('opus');
  });

  it('reports rotation the way FFmpeg applies it, with display size swapped', async () => {
    const info = await probeMedia({ path: at('rotated.mp4') });
    expect(info.video).toMatchObject({
      width: 320,
      height: 240,
      displayWidth: 240,
      displayHeight: 320,
    });
    // FFmpeg's autorotate turns this file a quarter turn counter-clockwise (270° clockwise):
    // check against transpose=cclock of the unrotated picture.
    expect(info.video.rotation).toBe(270);
    const rotatedFirst = (await decodeYuvFrames(at('rotated.mp4'), { width: 240, height: 320 }))[0];
    await ffmpeg([
      '-i',
      at('a.mp4'),
      '-frames:v',
      '1',
      '-vf',
      'transpose=cclock',
      '-c:v',
      'libx264',
      '-qp',
      '0',
      at('cclock.mkv'),
    ]);
    const expected = (await decodeYuvFrames(at('cclock.mkv')))[0];
    expect(rotatedFirst?.width).toBe(240);
    const diff = meanAbsDiff(rotatedFirst?.y, expected?.y);
    expect(diff).toBeLessThan(4);
  });

  it('detects variable frame rate', async () => {
    // Matroska: the average rate is the nominal 30/1; only the timestamps tell.
    const mkv = await probeMedia({ path: at('vfr.mkv') });
    expect(mkv.video.isVfr).toBe(true);
    expect(mkv.video.fps).toEqual({ num: 30, den: 1 });
    // mp4 counts its frames: 30 frames in about 2 s.
    const mp4 = await probeMedia({ path: at('vfr.mp4') });
    expect(mp4.video.isVfr).toBe(true);
    expect(mp4.video.avgFps.num / mp4.video.avgFps.den).toBeLessThan(25);
    const cfr = await probeMedia({ path: at('a.mp4') });
    expect(cfr.video.isVfr).toBe(false);
  });

  it.each([
    ['a missing file', 'missing.mp4', 'MEDIA_NOT_FOUND', /not found/],
    ['a directory', '.', 'UNSUPPORTED_MEDIA', /not a regular file/],
    ['an empty file', 'empty.mp4', 'UNSUPPORTED_MEDIA', /empty/],
    ['garbage', 'garbage.mp4', 'UNSUPPORTED_MEDIA', /not a readable video/],
    ['a truncated mp4', 'truncated.mp4', 'UNSUPPORTED_MEDIA', /not a readable video/],
    ['a PNG', 'still.png', 'UNSUPPORTED_MEDIA', /still image \(png_pipe\)/],
    ['a PNG named .mp4', 'image.mp4', 'UNSUPPORTED_MEDIA', /still image/],
    ['one JPEG frame in an mp4', 'still.mp4', 'UNSUPPORTED_MEDIA', /still image \(mjpeg\)/],
    ['audio with a cover image', 'cover.m4a', 'UNSUPPORTED_MEDIA', /only a cover image/],
  ])('refuses %s', async (_name, file, code, message) => {
    const error = await probeMedia({ path: at(file) }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code });
    expect((error as Error).message).toMatch(message);
  });

  it("includes ffprobe's reason", async () => {
    const error = await probeMedia({ path: at('truncated.mp4') }).catch((e: unknown) => e);
    expect(error).toMatchObject({
      details: { reason: expect.stringContaining('moov atom not found') },
    });
  });

  it('finds undecodable files only with checkDecode', async () => {
    const info = await probeMedia({ path: at('index-only.mp4') });
    expect(info.video.codec).toBe('h264');
    await expect(
      probeMedia({ path: at('index-only.mp4'), checkDecode: true }),
    ).rejects.toMatchObject({
      code: 'UNSUPPORTED_MEDIA',
      message: expect.stringMatching(/first video frame/),
    });
  });

  it.each([
    [{ maxWidth: 319 }, 'maxWidth', 320],
    [{ maxHeight: 200 }, 'maxHeight', 240],
    [{ maxDurationSec: 1.5 }, 'maxDurationSec', 2],
    [{ maxFps: 25 }, 'maxFps', 30],
    [{ maxStreams: 1 }, 'maxStreams', 2],
  ])('enforces %o', async (limits, limit, value) => {
    await expect(probeMedia({ path: at('a.mp4'), limits })).rejects.toMatchObject({
      code: 'MEDIA_LIMIT_EXCEEDED',
      details: { limit, value },
      message: expect.stringContaining(limit),
    });
  });

  it('passes media within the limits', async () => {
    const limits = { maxWidth: 320, maxHeight: 240, maxDurationSec: 2, maxFps: 30, maxStreams: 2 };
    await expect(probeMedia({ path: at('a.mp4'), limits })).resolves.toMatchObject({
      streamCount: 2,
    });
  });

  it('reports a missing ffprobe or ffmpeg as FFMPEG_UNAVAILABLE', async () => {
    await expect(
      probeMedia({ path: at('a.mp4'), ffprobePath: join(dir, 'no-such-ffprobe') }),
    ).rejects.toMatchObject({ code: 'FFMPEG_UNAVAILABLE' });
    await expect(
      probeMedia({ path: at('a.mp4'), checkDecode: true, ffmpegPath: join(dir, 'no-such-ffmpeg') }),
    ).rejects.toMatchObject({ code: 'FFMPEG_UNAVAILABLE' });
  });

  it('is cancelled by its signal', async () => {
    const controller = new AbortController();
    controller.abort();
    await expect(
      probeMedia({ path: at('a.mp4'), signal: controller.signal }),
    ).rejects.toMatchObject({
      code: 'CANCELLED',
    });
  });
});

function meanAbsDiff(a: Buffer | undefined, b: Buffer | undefined): number {
  if (!a || !b || a.length !== b.length) return Infinity;
  let sum = 0;
  for (let i = 0; i < a.length; i++) sum += Math.abs((a[i] ?? 0) - (b[i] ?? 0));
  return sum / a.length;
}
