import { audioAlignment } from './audio-alignment.js';
import { audioOutputArgs } from './audio-output-args.js';
import { containerFormat } from './container-format.js';
import { fileUrl } from './file-url.js';
import { sourceInputArgs } from './source-input-args.js';
import { SOURCE_DEMUXERS } from './input-allowlists.js';
import type { Container, MediaInfo } from './types.js';

export interface ConcatAudioSource {
  path: string;
  /**
   * The source's probe. With it the audio stream is picked by index and copied only when the
   * container takes its codec (else AAC/Opus); without it the first audio stream is copied.
   */
  info?: MediaInfo;
  /**
   * Where the joined video starts in the source: seconds after its first video frame (k0/fps for
   * segments from frame k0; default 0). With `info` the audio is aligned with that picture as a
   * single-pass render aligns it (`audioAlignment`: skipped when it plays earlier, delayed when
   * the source's audio starts later); without, this is a plain seek from the file's start.
   */
  fromSec?: number;
  durationSec?: number;
}

export interface BuildConcatCommandOptions {
  /** Written by `writeConcatList`. */
  segmentListPath: string;
  audioSource?: ConcatAudioSource;
  output: { path: string; container: Container };
  /** Add `-progress pipe:1 -nostats`. Default false. */
  progress?: boolean;
}

/**
 * Joins encoded video segments without re-encoding (concat demuxer, `-c copy`) and muxes the
 * audio once from the source, so there are no gaps or priming glitches at the joins. The
 * segments must come from the same encoder settings (same SPS/PPS), as `buildCompositeCommand`
 * segments of one job do.
 */
export function buildConcatCommand(options: BuildConcatCommandOptions): { args: string[] } {
  const { output, audioSource } = options;
  const args = [
    '-hide_banner',
    '-nostdin',
    '-y',
    '-loglevel',
    'level+warning',
    // The concat demuxer opens each listed file with these same allowlists (FFmpeg copies them
    // to the nested inputs), so the segment containers must be on the list too.
    '-protocol_whitelist',
    'file',
    '-format_whitelist',
    ['concat', ...SOURCE_DEMUXERS].join(','),
    '-f',
    'concat',
    // Our lists hold absolute temp paths, which "safe" mode refuses; we write the list ourselves.
    '-safe',
    '0',
    '-i',
    fileUrl(options.segmentListPath),
  ];
  const audio = audioSource?.info?.audio;
  const align = audioSource?.info
    ? audioAlignment(audioSource.info, audioSource.fromSec ?? 0)
    : { seekSec: audioSource?.fromSec ?? 0, delaySec: 0 };
  if (audioSource) {
    args.push(
      ...sourceInputArgs({
        path: audioSource.path,
        seekSec: align.seekSec,
        offsetSec: align.delaySec,
        durationSec: audioSource.durationSec,
      }),
    );
  }
  args.push('-map', '0:v:0');
  if (audioSource) args.push('-map', audio ? `1:${audio.index}` : '1:a:0?');
  args.push('-c:v', 'copy');
  if (audioSource) {
    args.push(
      ...(audio
        ? audioOutputArgs({ codec: audio.codec, container: output.container })
        : ['-c:a', 'copy']),
    );
    // A copied stream otherwise starts with the packets between the keyframe the demuxer seeked
    // to and the seek point, at negative times (see buildCompositeCommand).
    if (align.seekSec > 0) args.push('-copypriorss:a', '0');
  }
  if (output.container === 'mp4' || output.container === 'mov')
    args.push('-movflags', '+faststart');
  if (options.progress) args.push('-progress', 'pipe:1', '-nostats');
  args.push('-f', containerFormat(output.container), fileUrl(output.path));
  return { args };
}
