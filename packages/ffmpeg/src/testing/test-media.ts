import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { crc32, deflateSync } from 'node:zlib';

const exec = promisify(execFile);

/** Runs ffmpeg quietly; throws with its stderr when it fails. */
export async function ffmpeg(args: string[]): Promise<Buffer> {
  const { stdout } = await exec(
    'ffmpeg',
    ['-hide_banner', '-nostdin', '-v', 'error', '-y', ...args],
    {
      encoding: 'buffer',
      maxBuffer: 256 * 1024 * 1024,
    },
  );
  return stdout;
}

export async function ffprobeJson(args: string[]): Promise<Record<string, unknown>> {
  const { stdout } = await exec('ffprobe', ['-v', 'error', '-print_format', 'json', ...args], {
    maxBuffer: 64 * 1024 * 1024,
  });
  return JSON.parse(stdout) as Record<string, unknown>;
}

/**
 * A source whose every frame says which frame it is: luma 16 + 3·n over the whole picture
 * (n < 70 stays in limited range), neutral chroma, BT.709 tags, plus a 440 Hz tone.
 */
export async function makeRampVideo(options: {
  path: string;
  fps: number;
  frames: number;
  width?: number;
  height?: number;
  audio?: boolean;
  extra?: string[];
}): Promise<void> {
  const { fps, frames } = options;
  const size = `${options.width ?? 320}x${options.height ?? 240}`;
  const audioIn =
    options.audio === false ? [] : ['-f', 'lavfi', '-i', 'sine=frequency=440:sample_rate=48000'];
  const audioOut = options.audio === false ? [] : ['-c:a', 'aac', '-b:a', '64k'];
  await ffmpeg([
    '-f',
    'lavfi',
    '-i',
    `color=c=gray:size=${size}:rate=${fps},format=yuv420p,geq=lum='16+3*N':cb=128:cr=128`,
    ...audioIn,
    // Not -frames:v: reaching it closes every stream of the output, cutting the audio short.
    '-t',
    String(frames / fps),
    '-c:v',
    'libx264',
    '-preset',
    'ultrafast',
    '-qp',
    '0',
    '-pix_fmt',
    'yuv420p',
    '-colorspace',
    'bt709',
    '-color_primaries',
    'bt709',
    '-color_trc',
    'bt709',
    '-color_range',
    'tv',
    ...audioOut,
    ...(options.extra ?? []),
    options.path,
  ]);
}

/** Ramp frame index shown by a luma value (inverse of makeRampVideo). */
export function rampIndex(luma: number): number {
  return Math.round((luma - 16) / 3);
}

export interface YuvFrame {
  width: number;
  height: number;
  y: Buffer;
  u: Buffer;
  v: Buffer;
}

/**
 * Decodes every frame of an 8-bit 4:2:0 video to raw planes (no conversion on the way). Pass the
 * display size for rotated files (FFmpeg's autorotate applies).
 */
export async function decodeYuvFrames(
  path: string,
  size?: { width: number; height: number },
): Promise<YuvFrame[]> {
  let width = size?.width;
  let height = size?.height;
  if (width === undefined || height === undefined) {
    const probe = await ffprobeJson([
      '-select_streams',
      'v:0',
      '-show_entries',
      'stream=width,height',
      path,
    ]);
    const stream = (probe.streams as { width: number; height: number }[])[0];
    if (!stream) throw new Error(`no video in ${path}`);
    ({ width, height } = stream);
  }
  const raw = await ffmpeg([
    '-i',
    path,
    '-map',
    '0:v:0',
    '-fps_mode',
    'passthrough',
    '-f',
    'rawvideo',
    // No -pix_fmt: FFmpeg decodes full-range H.264 as yuvj420p, and asking for yuv420p would
    // squeeze it into limited range. Both have the same 8-bit 4:2:0 layout.
    '-',
  ]);
  const ySize = width * height;
  const cSize = (width / 2) * (height / 2);
  const frameSize = ySize + 2 * cSize;
  const frames: YuvFrame[] = [];
  for (let offset = 0; offset + frameSize <= raw.length; offset += frameSize) {
    frames.push({
      width,
      height,
      y: raw.subarray(offset, offset + ySize),
      u: raw.subarray(offset + ySize, offset + ySize + cSize),
      v: raw.subarray(offset + ySize + cSize, offset + frameSize),
    });
  }
  return frames;
}

/** Mean Y, U, V over a rectangle (even coordinates). */
export function meanYuv(
  frame: YuvFrame,
  rect: { x: number; y: number; width: number; height: number },
): [number, number, number] {
  let y = 0;
  let u = 0;
  let v = 0;
  for (let row = rect.y; row < rect.y + rect.height; row++) {
    for (let col = rect.x; col < rect.x + rect.width; col++)
      y += frame.y[row * frame.width + col] ?? 0;
  }
  const cw = frame.width / 2;
  for (let row = rect.y / 2; row < (rect.y + rect.height) / 2; row++) {
    for (let col = rect.x / 2; col < (rect.x + rect.width) / 2; col++) {
      u += frame.u[row * cw + col] ?? 0;
      v += frame.v[row * cw + col] ?? 0;
    }
  }
  const n = rect.width * rect.height;
  return [y / n, (u * 4) / n, (v * 4) / n];
}

/** YUV → 8-bit RGB with the given matrix and range (what a player does). */
export function yuvToRgb(
  [y, u, v]: [number, number, number],
  matrix: 'bt709' | 'bt601',
  range: 'tv' | 'pc' = 'tv',
): [number, number, number] {
  const [kr, kb] = matrix === 'bt709' ? [0.2126, 0.0722] : [0.299, 0.114];
  const kg = 1 - kr - kb;
  const [yOffset, yScale, cScale] = range === 'tv' ? [16, 219, 224] : [0, 255, 255];
  const yn = (y - yOffset) / yScale;
  const pb = (u - 128) / cScale;
  const pr = (v - 128) / cScale;
  const r = yn + 2 * (1 - kr) * pr;
  const b = yn + 2 * (1 - kb) * pb;
  const g = (yn - kr * r - kb * b) / kg;
  const to8 = (c: number): number => Math.round(Math.min(1, Math.max(0, c)) * 255);
  return [to8(r), to8(g), to8(b)];
}

/** A solid-colour RGBA PNG, built in memory (no encoder needed). */
export function solidPng(
  width: number,
  height: number,
  rgba: [number, number, number, number],
): Buffer {
  const row = Buffer.alloc(1 + width * 4);
  for (let x = 0; x < width; x++) row.set(rgba, 1 + x * 4);
  const raw = Buffer.concat(Array.from({ length: height }, () => row));
  const chunk = (type: string, data: Buffer): Buffer => {
    const length = Buffer.alloc(4);
    length.writeUInt32BE(data.length);
    const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(body));
    return Buffer.concat([length, body, crc]);
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 6; // RGBA
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(raw)),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}
