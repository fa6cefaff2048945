import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { buildCompositeCommand } from './build-composite-command.js';
import { probeMedia } from './probe-media.js';
import { runFfmpeg } from './run-ffmpeg.js';
import { mediaInfo } from './testing/media-info.js';
import { ffprobeJson, makeRampVideo } from './testing/test-media.js';

const base = {
  overlay: null,
  output: {
    path: '/out/o.mp4',
    container: 'mp4' as const,
    width: 1920,
    height: 1080,
    fps: { num: 30, den: 1 },
  },
  encoder: { encoder: 'libx264' as const },
  color: { matrix: 'bt709' as const, range: 'tv' as const },
};

describe('preview of the latest frame', () => {
  const dir = mkdtempSync(join(tmpdir(), 'ecg-preview-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('splits the final frames into the video and a sparse, atomically written JPEG', () => {
    const { args } = buildCompositeCommand({
      ...base,
      source: { path: '/in.mp4', info: mediaInfo() },
      preview: { path: '/out/p.jpg', everySec: 3, width: 241 },
    });
    const graph = args[args.indexOf('-filter_complex') + 1]!;
    expect(graph).toMatch(
      /\[vfinal\];\[vfinal\]split=2\[vout\]\[vp\];\[vp\]fps=1\/3,scale=240:-2\[vpreview\]$/,
    );
    // The preview is a second output after the video's.
    expect(args.slice(args.indexOf('file:/out/o.mp4') + 1)).toEqual([
      '-map',
      '[vpreview]',
      '-update',
      '1',
      '-atomic_writing',
      '1',
      '-q:v',
      '5',
      '-f',
      'image2',
      'file:/out/p.jpg',
    ]);
  });

  it('downloads CUDA frames before scaling the preview', () => {
    const { args } = buildCompositeCommand({
      ...base,
      encoder: { encoder: 'h264_nvenc' },
      hw: { decode: 'cuda', composite: 'cuda' },
      source: { path: '/in.mp4', info: mediaInfo() },
      preview: { path: '/out/p.jpg' },
    });
    expect(args[args.indexOf('-filter_complex') + 1]).toContain(
      '[vp]fps=1/2,hwdownload,format=yuv420p,scale=320:-2[vpreview]',
    );
  });

  it('writes a JPEG while the video keeps every frame', async () => {
    const source = join(dir, 'ramp.mp4');
    await makeRampVideo({ path: source, fps: 10, frames: 30 });
    const info = await probeMedia({ path: source });
    const output = join(dir, 'out.mp4');
    const preview = join(dir, 'preview.jpg');
    const { args } = buildCompositeCommand({
      ...base,
      source: { path: source, info },
      output: { path: output, container: 'mp4', width: 320, height: 240, fps: { num: 10, den: 1 } },
      preview: { path: preview, everySec: 1, width: 160 },
    });
    await runFfmpeg({ args }).done;
    expect(existsSync(preview)).toBe(true);
    expect(readFileSync(preview).subarray(0, 2)).toEqual(Buffer.from([0xff, 0xd8]));
    const probed = (await ffprobeJson([
      '-count_frames',
      '-show_streams',
      '-select_streams',
      'v',
      output,
    ])) as {
      streams: { nb_read_frames: string }[];
    };
    expect(Number(probed.streams[0]!.nb_read_frames)).toBe(30);
  });
});
