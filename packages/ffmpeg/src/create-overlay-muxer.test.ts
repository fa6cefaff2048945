import { spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOverlayMuxer } from './create-overlay-muxer.js';
import { ffmpeg, ffprobeJson, solidPng } from './testing/test-media.js';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'ecg-ffmpeg-muxer-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const W = 32;
const H = 16;
const RED = solidPng(W, H, [255, 0, 0, 255]);
const HALF_GREEN = solidPng(W, H, [0, 255, 0, 128]);
const CLEAR = solidPng(W, H, [0, 0, 0, 0]);

/** Frames spanning several Clusters: > 5 s apart, > 32.767 s apart (int16 overflow), equal. */
const TIMESTAMPS = [0, 16, 316, 5200, 5200, 40000, 40001, 100000];
const PNGS = [CLEAR, RED, HALF_GREEN, RED, CLEAR, HALF_GREEN, RED, CLEAR];

function stream(): Buffer {
  const muxer = createOverlayMuxer({ width: W, height: H });
  const parts = [muxer.header()];
  TIMESTAMPS.forEach((timestampMs, i) =>
    parts.push(muxer.frame({ png: PNGS[i] ?? CLEAR, timestampMs })),
  );
  parts.push(muxer.end());
  return Buffer.concat(parts);
}

describe('createOverlayMuxer', () => {
  it('writes an EBML header for a Matroska VfW track with FourCC MPNG', () => {
    const header = createOverlayMuxer({ width: W, height: H }).header();
    expect(header.subarray(0, 4)).toEqual(Buffer.from([0x1a, 0x45, 0xdf, 0xa3]));
    for (const text of ['matroska', 'V_MS/VFW/FOURCC', 'MPNG']) {
      expect(header.includes(Buffer.from(text, 'latin1'))).toBe(true);
    }
    // Segment of unknown size.
    const segment = header.indexOf(Buffer.from([0x18, 0x53, 0x80, 0x67]));
    expect(header.subarray(segment + 4, segment + 12)).toEqual(
      Buffer.from([0x01, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff]),
    );
  });

  it('starts a Cluster at the first frame, after 5 s, and never lets the block offset overflow', () => {
    const muxer = createOverlayMuxer({ width: W, height: H });
    muxer.header();
    const clusterId = Buffer.from([0x1f, 0x43, 0xb6, 0x75]);
    const startsCluster = TIMESTAMPS.map((timestampMs) =>
      muxer.frame({ png: CLEAR, timestampMs }).subarray(0, 4).equals(clusterId),
    );
    expect(startsCluster).toEqual([true, false, false, true, false, true, false, true]);
  });

  it('refuses a first frame after 0, decreasing or fractional timestamps, and misuse', () => {
    const fresh = () => {
      const muxer = createOverlayMuxer({ width: W, height: H });
      muxer.header();
      return muxer;
    };
    expect(() => fresh().frame({ png: RED, timestampMs: 5 })).toThrow(
      /first overlay frame must be at 0/,
    );
    const muxer = fresh();
    muxer.frame({ png: RED, timestampMs: 0 });
    muxer.frame({ png: RED, timestampMs: 100 });
    expect(() => muxer.frame({ png: RED, timestampMs: 99 })).toThrow(/must not decrease/);
    expect(() => muxer.frame({ png: RED, timestampMs: 100.5 })).toThrow(RangeError);
    muxer.end();
    expect(() => muxer.frame({ png: RED, timestampMs: 200 })).toThrow(/ended/);
    expect(() =>
      createOverlayMuxer({ width: W, height: H }).frame({ png: RED, timestampMs: 0 }),
    ).toThrow(/header/);
    expect(() => createOverlayMuxer({ width: 0, height: H })).toThrow(RangeError);
  });

  it('round-trips through ffprobe: PNG codec, RGBA, every frame at its timestamp', async () => {
    const path = join(dir, 'overlay.mkv');
    await writeFile(path, stream());
    const probe = await ffprobeJson(['-show_streams', '-show_frames', path]);
    const [video] = probe.streams as Record<string, unknown>[];
    expect(video).toMatchObject({
      codec_name: 'png',
      codec_tag_string: 'MPNG',
      width: W,
      height: H,
    });
    const frames = probe.frames as { pts: number; pix_fmt: string; key_frame: number }[];
    expect(frames.map((f) => f.pts)).toEqual(TIMESTAMPS);
    expect(frames.every((f) => f.pix_fmt === 'rgba' && f.key_frame === 1)).toBe(true);
  });

  it('decodes to the exact straight-alpha pixels it was given', async () => {
    const path = join(dir, 'pixels.mkv');
    await writeFile(path, stream());
    const raw = await ffmpeg([
      '-i',
      path,
      '-fps_mode',
      'passthrough',
      '-f',
      'rawvideo',
      '-pix_fmt',
      'rgba',
      '-',
    ]);
    const frameBytes = W * H * 4;
    expect(raw.length).toBe(frameBytes * TIMESTAMPS.length);
    const pixel = (frame: number): number[] => [
      ...raw.subarray(frame * frameBytes, frame * frameBytes + 4),
    ];
    expect(pixel(0)).toEqual([0, 0, 0, 0]);
    expect(pixel(1)).toEqual([255, 0, 0, 255]);
    // Not premultiplied: full green at half opacity stays full green.
    expect(pixel(2)).toEqual([0, 255, 0, 128]);
  });

  it('is read from a pipe as it is written', async () => {
    const child = spawn(
      'ffprobe',
      [
        '-v',
        'error',
        '-protocol_whitelist',
        'pipe',
        '-format_whitelist',
        'matroska',
        '-f',
        'matroska',
        '-show_entries',
        'frame=pts',
        '-of',
        'csv=p=0',
        '-i',
        'pipe:0',
      ],
      { stdio: ['pipe', 'pipe', 'pipe'] },
    );
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    const closed = new Promise<number | null>((resolve) => child.on('close', resolve));
    const bytes = stream();
    for (let i = 0; i < bytes.length; i += 1000) child.stdin.write(bytes.subarray(i, i + 1000));
    child.stdin.end();
    expect(await closed).toBe(0);
    expect(out.trim().split('\n').map(Number)).toEqual(TIMESTAMPS);
  });
});
