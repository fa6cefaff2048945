import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { makeTestVideo as makePipelineTestVideo } from '@ecg-render/pipeline/testing';

const exec = promisify(execFile);

/** A small test video (packages/pipeline's makeTestVideo), at 10 fps unless asked otherwise. */
export function makeTestVideo(input: Parameters<typeof makePipelineTestVideo>[0]): Promise<string> {
  return makePipelineTestVideo({ fps: 10, ...input });
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
