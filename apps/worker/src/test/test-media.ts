import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

const exec = promisify(execFile);

/**
 * A small test video: testsrc2 pictures with a tone, keyframes every second (as
 * packages/pipeline's makeTestVideo makes them, which is not exported from that package).
 */
export async function makeTestVideo(input: {
  path: string;
  seconds: number;
  width?: number;
  height?: number;
  fps?: number;
  audio?: boolean;
}): Promise<string> {
  const fps = input.fps ?? 10;
  const size = `${input.width ?? 320}x${input.height ?? 180}`;
  const args = [
    '-hide_banner',
    '-loglevel',
    'error',
    '-y',
    '-f',
    'lavfi',
    '-i',
    `testsrc2=size=${size}:rate=${fps}`,
  ];
  if (input.audio !== false) args.push('-f', 'lavfi', '-i', 'sine=frequency=440:sample_rate=48000');
  args.push(
    '-t',
    String(input.seconds),
    '-c:v',
    'libx264',
    '-preset',
    'ultrafast',
    '-pix_fmt',
    'yuv420p',
    '-g',
    String(fps),
  );
  if (input.audio !== false) args.push('-c:a', 'aac', '-b:a', '64k', '-shortest');
  args.push(input.path);
  await exec('ffmpeg', args);
  return input.path;
}

/** MD5 of every decoded video frame, in order (FFmpeg's framemd5 muxer). */
export async function frameHashes(path: string): Promise<string[]> {
  const { stdout } = await exec(
    'ffmpeg',
    ['-hide_banner', '-loglevel', 'error', '-i', path, '-map', '0:v:0', '-f', 'framemd5', '-'],
    { maxBuffer: 64 * 1024 * 1024 },
  );
  return stdout
    .split('\n')
    .filter((line) => line !== '' && !line.startsWith('#'))
    .map((line) => line.split(',').at(-1)!.trim());
}

/** Streams and durations, as ffprobe reports them. */
export async function probeStreams(
  path: string,
): Promise<{ codec_type: string; codec_name: string; duration?: string; nb_frames?: string }[]> {
  const { stdout } = await exec('ffprobe', ['-v', 'error', '-show_streams', '-of', 'json', path]);
  return (JSON.parse(stdout) as { streams: { codec_type: string; codec_name: string }[] }).streams;
}
