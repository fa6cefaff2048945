import { spawn } from 'node:child_process';

export interface RgbImage {
  width: number;
  height: number;
  /** Packed RGB24, row by row. */
  rgb: Buffer;
}

/** Runs FFmpeg on `input` (stdin) and returns what it writes to stdout. */
async function ffmpegPipe(args: string[], input: Buffer, what: string): Promise<Buffer> {
  const child = spawn('ffmpeg', ['-hide_banner', '-loglevel', 'error', ...args]);
  const chunks: Buffer[] = [];
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => chunks.push(chunk));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  child.stdin.end(input);
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
  if (code !== 0) throw new Error(`ffmpeg could not ${what}: ${stderr}`);
  return Buffer.concat(chunks);
}

/** Decodes a PNG (a Playwright screenshot) to RGB24 with FFmpeg, as the output frames are. */
export async function decodePng(
  png: Buffer,
  size: { width: number; height: number },
): Promise<RgbImage> {
  const rgb = await ffmpegPipe(
    ['-f', 'png_pipe', '-i', 'pipe:0', '-f', 'rawvideo', '-pix_fmt', 'rgb24', 'pipe:1'],
    png,
    'decode the PNG',
  );
  if (rgb.length !== size.width * size.height * 3)
    throw new Error(`decoded ${rgb.length} bytes, expected ${size.width}×${size.height}×3`);
  return { ...size, rgb };
}

/**
 * The image as it comes back from 4:2:0 video (RGB → YUV 4:2:0 → RGB, FFmpeg's default BT.601
 * conversion both ways): colour detail at caption edges is halved in each direction, as in every
 * H.264/HEVC output. Comparing a browser screenshot with a decoded output frame "after encoding"
 * means putting the screenshot through this first; otherwise the comparison measures chroma
 * subsampling, not the captions.
 */
export async function throughYuv420(image: RgbImage): Promise<RgbImage> {
  const rgb = await ffmpegPipe(
    [
      ...['-f', 'rawvideo', '-pix_fmt', 'rgb24', '-s', `${image.width}x${image.height}`],
      ...['-i', 'pipe:0', '-vf', 'format=yuv420p,format=rgb24'],
      ...['-f', 'rawvideo', '-pix_fmt', 'rgb24', 'pipe:1'],
    ],
    image.rgb,
    'convert the image',
  );
  return { width: image.width, height: image.height, rgb };
}
