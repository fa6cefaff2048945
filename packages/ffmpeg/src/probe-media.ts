import { stat } from 'node:fs/promises';
import { EcgError } from '@ecg-render/errors';
import { parseRational } from './parse-rational.js';
import { runFfprobe } from './run-ffprobe.js';
import { runProcess } from './run-process.js';
import { sourceInputArgs } from './source-input-args.js';
import { toUnavailableError } from './to-unavailable-error.js';
import type {
  AudioStreamInfo,
  MediaInfo,
  ProbeLimits,
  Rational,
  VideoStreamInfo,
} from './types.js';

export interface ProbeMediaOptions {
  path: string;
  /** Default `ffprobe` (PATH). */
  ffprobePath?: string;
  /** Default `ffmpeg` (PATH); used only by `checkDecode`. */
  ffmpegPath?: string;
  signal?: AbortSignal;
  /** Off by default (no limit). */
  limits?: ProbeLimits;
  /**
   * Also decode the first video frame, so a file whose header parses but whose data does not
   * fails here rather than minutes into a render. Default false.
   */
  checkDecode?: boolean;
}

/** What ffprobe's `-show_streams -show_format` JSON holds that we read. */
interface FfprobeStream {
  index?: number;
  codec_type?: string;
  codec_name?: string;
  profile?: string;
  pix_fmt?: string;
  width?: number;
  height?: number;
  r_frame_rate?: string;
  avg_frame_rate?: string;
  start_time?: string;
  duration?: string;
  nb_frames?: string;
  bits_per_raw_sample?: string;
  color_space?: string;
  color_range?: string;
  color_primaries?: string;
  color_transfer?: string;
  sample_rate?: string;
  channels?: number;
  disposition?: { attached_pic?: number; default?: number };
  tags?: Record<string, string>;
  side_data_list?: { side_data_type?: string; rotation?: number }[];
}

interface FfprobeOutput {
  streams?: FfprobeStream[];
  packets?: { stream_index?: number; pts_time?: string }[];
  format?: {
    format_name?: string;
    start_time?: string;
    duration?: string;
    nb_streams?: number;
    size?: string;
  };
}

/** Codecs whose single-frame streams are pictures, not videos. */
const STILL_IMAGE_CODECS = new Set(['mjpeg', 'png', 'bmp', 'gif', 'webp', 'tiff', 'jpeg2000']);

/** Packets (of all streams) whose timestamps are checked for a steady frame rate. */
const VFR_SAMPLE_PACKETS = 240;

/** Longest ffprobe complaint kept in error details. */
const REASON_CHARS = 2000;

/**
 * Probes a local media file with ffprobe (local files only, container allowlist) and checks it
 * against the limits. Errors: `MEDIA_NOT_FOUND` (no such file), `UNSUPPORTED_MEDIA` (empty, not
 * media, no video stream, a still image, unreadable; ffprobe's reason in details.reason),
 * `MEDIA_LIMIT_EXCEEDED` (details: limit, value, max), `FFMPEG_UNAVAILABLE`, `CANCELLED`.
 */
export async function probeMedia(options: ProbeMediaOptions): Promise<MediaInfo> {
  const { path, signal } = options;
  const sizeBytes = await fileSize(path);

  let stdout: string;
  try {
    ({ stdout } = await runFfprobe({
      args: [
        '-v',
        'error',
        '-print_format',
        'json',
        '-show_format',
        '-show_streams',
        // The first packets' timestamps, to see whether frames come at a steady rate: Matroska
        // has no frame count, so there its average rate is the nominal one even for VFR.
        '-show_entries',
        'packet=stream_index,pts_time',
        '-read_intervals',
        `%+#${VFR_SAMPLE_PACKETS}`,
        ...sourceInputArgs({ path }),
      ],
      ffprobePath: options.ffprobePath,
      signal,
    }));
  } catch (error) {
    if (error instanceof EcgError && error.code === 'FFMPEG_FAILED') {
      const { stderrTail } = error.details;
      throw unreadable(path, typeof stderrTail === 'string' ? stderrTail : '');
    }
    throw error;
  }

  let parsed: FfprobeOutput;
  try {
    parsed = JSON.parse(stdout) as FfprobeOutput;
  } catch (error) {
    throw new EcgError('UNSUPPORTED_MEDIA', 'ffprobe output could not be read', {
      details: { path },
      cause: error,
    });
  }

  const info = toMediaInfo({ path, sizeBytes, probe: parsed });
  checkLimits(info, options.limits ?? {});
  if (options.checkDecode) await checkFirstFrameDecodes(info, options);
  return info;
}

async function fileSize(path: string): Promise<number> {
  let stats;
  try {
    stats = await stat(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') {
      throw new EcgError('MEDIA_NOT_FOUND', `The source video was not found: ${path}`, {
        details: { path },
      });
    }
    throw new EcgError('MEDIA_NOT_FOUND', `The source video cannot be read: ${path} (${code})`, {
      details: { path, code },
      cause: error,
    });
  }
  if (!stats.isFile()) {
    throw new EcgError('UNSUPPORTED_MEDIA', `The source is not a regular file: ${path}`, {
      details: { path },
    });
  }
  if (stats.size === 0) {
    throw new EcgError('UNSUPPORTED_MEDIA', 'The source video is empty (0 bytes)', {
      details: { path, sizeBytes: 0 },
    });
  }
  return stats.size;
}

function unreadable(path: string, stderrTail: string): EcgError {
  const reason = stderrTail.trim().slice(-REASON_CHARS);
  // "[png_pipe @ 0x…] Format not on whitelist '…'": FFmpeg recognised the file as something we
  // do not accept; say what it was.
  const rejected = /\[([\w,]+) @ [^\]]*\] Format not on whitelist/.exec(reason)?.[1];
  if (rejected) {
    const still = rejected.startsWith('image2') || rejected.endsWith('_pipe');
    const message = still
      ? `The source is a still image (${rejected}), not a video`
      : `The source's container (${rejected}) is not an accepted video format`;
    return new EcgError('UNSUPPORTED_MEDIA', message, {
      details: { path, detectedFormat: rejected, reason },
    });
  }
  return new EcgError('UNSUPPORTED_MEDIA', 'The source is not a readable video file', {
    details: { path, reason },
  });
}

function toMediaInfo(input: { path: string; sizeBytes: number; probe: FfprobeOutput }): MediaInfo {
  const { path, sizeBytes, probe } = input;
  const streams = probe.streams ?? [];
  const format = probe.format ?? {};
  const unsupported = (message: string, details: Record<string, unknown> = {}): EcgError =>
    new EcgError('UNSUPPORTED_MEDIA', message, { details: { path, ...details } });

  const videos = streams.filter((s) => s.codec_type === 'video');
  const videoStream = videos.find((s) => s.disposition?.attached_pic !== 1);
  if (!videoStream) {
    throw unsupported(
      videos.length > 0
        ? 'The source has no video, only a cover image'
        : 'The source has no video stream',
      { formatName: format.format_name },
    );
  }

  const formatStart = seconds(format.start_time) ?? 0;
  const formatDuration = seconds(format.duration);
  const video = toVideoInfo(videoStream, formatStart, formatDuration, unsupported);
  if (!video.isVfr && hasIrregularTimestamps(probe.packets ?? [], video.index)) video.isVfr = true;
  if (video.frameCount < 2 && STILL_IMAGE_CODECS.has(video.codec)) {
    throw unsupported(`The source is a still image (${video.codec}), not a video`, {
      codec: video.codec,
    });
  }

  const audios = streams.filter((s) => s.codec_type === 'audio');
  const audioStream = audios.find((s) => s.disposition?.default === 1) ?? audios[0];
  const audio = audioStream ? toAudioInfo(audioStream, video.durationSec) : null;

  const durationSec = formatDuration ?? video.durationSec;
  return {
    path,
    sizeBytes,
    formatName: format.format_name ?? 'unknown',
    durationSec,
    startTimeSec: formatStart,
    streamCount: format.nb_streams ?? streams.length,
    video,
    audio,
  };
}

function toVideoInfo(
  s: FfprobeStream,
  formatStart: number,
  formatDuration: number | undefined,
  unsupported: (message: string, details?: Record<string, unknown>) => EcgError,
): VideoStreamInfo {
  const width = s.width ?? 0;
  const height = s.height ?? 0;
  if (!(width > 0 && height > 0)) {
    throw unsupported('The video stream has no picture size (unknown or broken codec)', {
      codec: s.codec_name,
    });
  }
  const fps = parseRational(s.r_frame_rate);
  const avg = parseRational(s.avg_frame_rate);
  const rate = fps ?? avg;
  if (!rate)
    throw unsupported('The video frame rate cannot be determined', { codec: s.codec_name });
  const avgFps = avg ?? rate;

  // Matroska stores stream durations only as a DURATION tag (`00:00:02.021000000`).
  const durationSec =
    seconds(s.duration) ?? clockSeconds(s.tags?.DURATION ?? s.tags?.duration) ?? formatDuration;
  if (durationSec === undefined || !(durationSec > 0)) {
    throw unsupported('The video duration cannot be determined');
  }
  const nbFrames = Number(s.nb_frames);
  const frameCount =
    Number.isSafeInteger(nbFrames) && nbFrames > 0
      ? nbFrames
      : Math.round((durationSec * rate.num) / rate.den);

  const rotation = displayRotation(s);
  const quarterTurn = rotation === 90 || rotation === 270;
  const pixFmt = s.pix_fmt ?? 'unknown';
  const info: VideoStreamInfo = {
    index: s.index ?? 0,
    codec: s.codec_name ?? 'unknown',
    pixFmt,
    bitDepth: bitDepth(s.bits_per_raw_sample, pixFmt),
    width,
    height,
    displayWidth: quarterTurn ? height : width,
    displayHeight: quarterTurn ? width : height,
    rotation,
    fps: rate,
    avgFps,
    isVfr: Math.abs(ratio(rate) - ratio(avgFps)) > 0.01 * ratio(rate),
    frameCount,
    durationSec,
    startTimeSec: seconds(s.start_time) ?? formatStart,
  };
  if (s.profile) info.profile = s.profile;
  const colorSpace = known(s.color_space);
  const colorRange = known(s.color_range);
  const colorPrimaries = known(s.color_primaries);
  const colorTransfer = known(s.color_transfer);
  if (colorSpace) info.colorSpace = colorSpace;
  if (colorRange) info.colorRange = colorRange;
  if (colorPrimaries) info.colorPrimaries = colorPrimaries;
  if (colorTransfer) info.colorTransfer = colorTransfer;
  return info;
}

function toAudioInfo(s: FfprobeStream, videoDuration: number): AudioStreamInfo {
  return {
    index: s.index ?? 0,
    codec: s.codec_name ?? 'unknown',
    sampleRate: Number(s.sample_rate) || 0,
    channels: s.channels ?? 0,
    startTimeSec: seconds(s.start_time) ?? 0,
    durationSec:
      seconds(s.duration) ?? clockSeconds(s.tags?.DURATION ?? s.tags?.duration) ?? videoDuration,
  };
}

/**
 * Clockwise degrees a player turns the picture. FFmpeg's display matrix side data reports the
 * counter-clockwise angle (`av_display_rotation_get`), e.g. -90 for a phone held upright, which
 * FFmpeg's autorotate undoes with `transpose=clock`; older builds exported a clockwise `rotate` tag.
 */
function displayRotation(s: FfprobeStream): 0 | 90 | 180 | 270 {
  const matrix = s.side_data_list?.find((d) => d.side_data_type === 'Display Matrix');
  let clockwise = 0;
  if (typeof matrix?.rotation === 'number') clockwise = -matrix.rotation;
  else if (s.tags?.rotate !== undefined) clockwise = Number(s.tags.rotate) || 0;
  const quarter = ((Math.round(clockwise / 90) % 4) + 4) % 4;
  return ([0, 90, 180, 270] as const)[quarter] ?? 0;
}

/**
 * True when the sampled frame intervals are not all (nearly) the same. Millisecond timestamps
 * (Matroska) jitter by 1 ms at 30000/1001 fps, 6 % of a 60 fps frame; a quarter frame of
 * tolerance separates that from real rate changes.
 */
function hasIrregularTimestamps(
  packets: NonNullable<FfprobeOutput['packets']>,
  videoIndex: number,
): boolean {
  const times = packets
    .filter((p) => p.stream_index === videoIndex)
    .map((p) => Number(p.pts_time))
    .filter((t) => Number.isFinite(t))
    .sort((a, b) => a - b);
  const deltas = times.slice(1).map((t, i) => t - (times[i] ?? t));
  if (deltas.length < 4) return false;
  const median = [...deltas].sort((a, b) => a - b)[Math.floor(deltas.length / 2)] ?? 0;
  if (!(median > 0)) return true;
  return deltas.some((d) => Math.abs(d - median) > 0.25 * median);
}

function bitDepth(bitsPerRawSample: string | undefined, pixFmt: string): number {
  const raw = Number(bitsPerRawSample);
  if (Number.isInteger(raw) && raw > 0) return raw;
  const match = /p(\d+)(?:le|be)?$/.exec(pixFmt);
  return match ? Number(match[1]) : 8;
}

function checkLimits(info: MediaInfo, limits: ProbeLimits): void {
  const { video } = info;
  const checks: [keyof ProbeLimits, number][] = [
    ['maxWidth', video.displayWidth],
    ['maxHeight', video.displayHeight],
    ['maxDurationSec', info.durationSec],
    ['maxFps', ratio(video.avgFps)],
    ['maxStreams', info.streamCount],
  ];
  for (const [limit, value] of checks) {
    const max = limits[limit];
    if (max !== undefined && value > max) {
      throw new EcgError(
        'MEDIA_LIMIT_EXCEEDED',
        `The source video exceeds ${limit}: ${round(value)} > ${max}`,
        { details: { path: info.path, limit, value: round(value), max } },
      );
    }
  }
}

/**
 * Decodes the first video frame. `-xerror` makes decode errors fatal (by default FFmpeg conceals
 * them and exits 0); `framemd5` prints one line per decoded frame, so "no line" means nothing
 * decoded, which `-f null` would not tell us.
 */
async function checkFirstFrameDecodes(info: MediaInfo, options: ProbeMediaOptions): Promise<void> {
  const command = options.ffmpegPath ?? 'ffmpeg';
  let result;
  try {
    result = await runProcess({
      command,
      args: [
        '-hide_banner',
        '-nostdin',
        '-v',
        'error',
        '-xerror',
        ...sourceInputArgs({ path: info.path }),
        '-map',
        `0:${info.video.index}`,
        '-frames:v',
        '1',
        '-f',
        'framemd5',
        '-',
      ],
      signal: options.signal,
    });
  } catch (error) {
    throw toUnavailableError(error, command);
  }
  const frames = result.stdout.split('\n').filter((line) => /^\s*\d+,/.test(line)).length;
  if (result.exitCode !== 0 || frames < 1) {
    throw new EcgError(
      'UNSUPPORTED_MEDIA',
      'The first video frame of the source cannot be decoded',
      {
        details: {
          path: info.path,
          exitCode: result.exitCode,
          reason: result.stderrTail.trim().slice(-REASON_CHARS),
        },
      },
    );
  }
}

function seconds(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const value = Number(text);
  return Number.isFinite(value) ? value : undefined;
}

/** `HH:MM:SS.fraction` → seconds. */
function clockSeconds(text: string | undefined): number | undefined {
  const match = /^(\d+):(\d{2}):(\d{2}(?:\.\d+)?)$/.exec(text ?? '');
  if (!match) return undefined;
  return Number(match[1]) * 3600 + Number(match[2]) * 60 + Number(match[3]);
}

function known(value: string | undefined): string | undefined {
  return value === undefined || value === 'unknown' || value === '' ? undefined : value;
}

function ratio(r: Rational): number {
  return r.num / r.den;
}

function round(value: number): number {
  return Math.round(value * 1000) / 1000;
}
