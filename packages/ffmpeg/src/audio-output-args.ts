import type { Container } from './types.js';

/** Audio codecs each container takes as they are (FFmpeg codec names). */
const COPYABLE: Record<Container, ReadonlySet<string> | 'any'> = {
  mp4: new Set(['aac', 'mp3', 'ac3', 'eac3', 'opus', 'alac']),
  // MOV takes PCM (cameras record it) but not Opus ("opus only supported in MP4", FFmpeg 5.1).
  mov: new Set([
    'aac',
    'mp3',
    'ac3',
    'eac3',
    'alac',
    'pcm_s16le',
    'pcm_s16be',
    'pcm_s24le',
    'pcm_s24be',
  ]),
  mkv: 'any',
  webm: new Set(['opus', 'vorbis']),
};

/**
 * `-c:a copy` when the source's audio codec fits the container (no quality loss, no CPU), else a
 * transcode: AAC 192 kb/s (plays everywhere) or Opus for WebM (the only choices WebM has).
 */
export function audioOutputArgs(options: { codec: string; container: Container }): string[] {
  const copyable = COPYABLE[options.container];
  if (copyable === 'any' || copyable.has(options.codec)) return ['-c:a', 'copy'];
  if (options.container === 'webm') return ['-c:a', 'libopus', '-b:a', '160k'];
  return ['-c:a', 'aac', '-b:a', '192k'];
}
