import { execFile, spawn } from 'node:child_process';
import { promisify } from 'node:util';

const exec = promisify(execFile);

/**
 * Test media made with FFmpeg: `testsrc2` moving pictures with a tone, or a still colour, so tests
 * need no binary fixtures. Keyframes every second so seeks are cheap.
 */
export async function makeTestVideo(options: {
  path: string;
  width?: number;
  height?: number;
  fps?: number;
  seconds: number;
  audio?: boolean;
  /** A solid colour instead of testsrc2. */
  color?: string;
  /** Extra FFmpeg output args (e.g. other codecs). */
  extra?: string[];
}): Promise<string> {
  const { path, seconds } = options;
  const width = options.width ?? 320;
  const height = options.height ?? 180;
  const fps = options.fps ?? 30;
  const video = options.color
    ? `color=c=${options.color}:size=${width}x${height}:rate=${fps}`
    : `testsrc2=size=${width}x${height}:rate=${fps}`;
  const args = ['-hide_banner', '-loglevel', 'error', '-y', '-f', 'lavfi', '-i', video];
  if (options.audio !== false)
    args.push('-f', 'lavfi', '-i', 'sine=frequency=440:sample_rate=48000');
  args.push(
    '-t',
    String(seconds),
    '-c:v',
    'libx264',
    '-preset',
    'ultrafast',
    '-pix_fmt',
    'yuv420p',
    '-g',
    String(fps),
  );
  if (options.audio !== false) args.push('-c:a', 'aac', '-b:a', '96k', '-shortest');
  args.push(...(options.extra ?? []), path);
  await exec('ffmpeg', args);
  return path;
}

export interface StreamFacts {
  frames: number;
  durationSec: number;
  width: number;
  height: number;
  audio: { durationSec: number; startSec: number } | null;
  videoStartSec: number;
  pixFmt: string;
  colorSpace?: string;
}

/** Counts frames by decoding (not from headers) and reads the streams' facts. */
export async function inspectVideo(path: string): Promise<StreamFacts> {
  const { stdout } = await exec('ffprobe', [
    '-v',
    'error',
    '-count_frames',
    '-print_format',
    'json',
    '-show_streams',
    '-show_format',
    path,
  ]);
  const info = JSON.parse(stdout) as {
    streams: Record<string, string | number>[];
    format: { duration: string };
  };
  const video = info.streams.find((s) => s['codec_type'] === 'video')!;
  const audio = info.streams.find((s) => s['codec_type'] === 'audio');
  const facts: StreamFacts = {
    frames: Number(video['nb_read_frames']),
    durationSec: Number(video['duration'] ?? info.format.duration),
    width: Number(video['width']),
    height: Number(video['height']),
    audio: audio
      ? { durationSec: Number(audio['duration']), startSec: Number(audio['start_time']) }
      : null,
    videoStartSec: Number(video['start_time']),
    pixFmt: String(video['pix_fmt']),
  };
  if (video['color_space']) facts.colorSpace = String(video['color_space']);
  return facts;
}

/** Decodes frames (by index) to packed RGB24. */
export async function decodeFrames(
  path: string,
  frames: number[],
): Promise<Map<number, { width: number; height: number; rgb: Buffer }>> {
  const facts = await inspectVideo(path);
  const { width, height } = facts;
  const wanted = [...new Set(frames)].sort((a, b) => a - b);
  // Contiguous runs as between(): FFmpeg's expression parser rejects very long sums of eq().
  const runs: [number, number][] = [];
  for (const f of wanted) {
    const last = runs.at(-1);
    if (last && last[1] === f - 1) last[1] = f;
    else runs.push([f, f]);
  }
  const select = runs
    .map(([a, b]) => (a === b ? `eq(n\\,${a})` : `between(n\\,${a}\\,${b})`))
    .join('+');
  const child = spawn('ffmpeg', [
    '-hide_banner',
    '-loglevel',
    'error',
    '-i',
    path,
    '-vf',
    `select='${select}'`,
    '-fps_mode',
    'passthrough',
    '-f',
    'rawvideo',
    '-pix_fmt',
    'rgb24',
    'pipe:1',
  ]);
  const chunks: Buffer[] = [];
  child.stdout.on('data', (c: Buffer) => chunks.push(c));
  let stderr = '';
  child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
  if (code !== 0) throw new Error(`ffmpeg decode failed: ${stderr}`);
  const all = Buffer.concat(chunks);
  const size = width * height * 3;
  const out = new Map<number, { width: number; height: number; rgb: Buffer }>();
  wanted.forEach((f, i) => {
    if ((i + 1) * size <= all.length)
      out.set(f, { width, height, rgb: all.subarray(i * size, (i + 1) * size) });
  });
  return out;
}

export interface Region {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** PSNR in dB between two RGB24 frames over a region (Infinity when identical). */
export function psnr(
  a: { width: number; rgb: Buffer },
  b: { rgb: Buffer },
  region: Region,
): number {
  let sum = 0;
  let n = 0;
  for (let y = region.y; y < region.y + region.height; y += 1) {
    for (let x = region.x; x < region.x + region.width; x += 1) {
      const i = (y * a.width + x) * 3;
      for (let c = 0; c < 3; c += 1) {
        const d = a.rgb[i + c]! - b.rgb[i + c]!;
        sum += d * d;
        n += 1;
      }
    }
  }
  if (sum === 0) return Infinity;
  return 10 * Math.log10((255 * 255) / (sum / n));
}
