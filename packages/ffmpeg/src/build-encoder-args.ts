import { EcgError } from '@ecg-render/errors';
import type { ColorSpec, Container, EncoderName, VideoCodec } from './types.js';

import { SOFTWARE_PRESETS, type NvencPreset, type SoftwarePreset } from './encoder-presets.js';

export interface EncoderSettings {
  encoder: EncoderName;
  /**
   * Constant quality, 0–51, lower is better. Default 23 for H.264, 28 for HEVC (the encoders'
   * own defaults, which look alike). NVENC gets it as `-cq`.
   */
  crf?: number;
  /**
   * x264/x265 preset name; NVENC maps it to p1–p7 (and also takes p1–p7 directly).
   * Default `veryfast` (the speed/size balance our benchmarks use); NVENC default `p4`.
   */
  preset?: SoftwarePreset | NvencPreset;
  /** Output pixel format. Default `yuv420p`, the one every browser and phone plays. */
  pixFmt?: string;
}

export interface BuildEncoderArgsOptions extends EncoderSettings {
  color: ColorSpec;
  container: Container;
  /**
   * Where the frames reaching the encoder live. Default `cpu`. With `cuda` (NVENC fed by a CUDA
   * filter graph) no `-pix_fmt` is given: it would make FFmpeg append a software `format` filter
   * that cannot take GPU frames; the frames' own format (yuv420p/nv12) is used.
   */
  frames?: 'cpu' | 'cuda';
}

/** Codec each encoder produces. */
export const ENCODER_CODEC: Record<EncoderName, VideoCodec> = {
  libx264: 'h264',
  libx265: 'hevc',
  h264_nvenc: 'h264',
  hevc_nvenc: 'hevc',
};

/**
 * NVENC's p1 (fastest) … p7 (best) against x264's nine names: the same speed/quality intent,
 * with NVENC's default p4 where x264 has its default `medium`.
 */
const NVENC_PRESET_FOR: Record<SoftwarePreset, NvencPreset> = {
  ultrafast: 'p1',
  superfast: 'p2',
  veryfast: 'p2',
  faster: 'p3',
  fast: 'p3',
  medium: 'p4',
  slow: 'p5',
  slower: 'p6',
  veryslow: 'p7',
};

/**
 * Colour tags per matrix. BT.601 is tagged with SMPTE 170M (the 525-line variant), which is what
 * browsers assume for untagged SD; the matrix coefficients of 170M and BT.470BG are identical.
 */
const COLOR_TAGS: Record<ColorSpec['matrix'], string> = {
  bt709: 'bt709',
  bt601: 'smpte170m',
};

/**
 * Output options for one video encoder: codec, quality, preset, pixel format, colour tags and
 * container flags. Pure; the same function serves the composite and the plain transcode, so the
 * benchmark baseline encodes with exactly the same settings.
 */
export function buildEncoderArgs(options: BuildEncoderArgsOptions): string[] {
  const { encoder, container } = options;
  const codec = ENCODER_CODEC[encoder];
  if (container === 'webm') {
    // The WebM muxer only takes VP8/VP9/AV1 video; FFmpeg would fail after opening everything.
    throw new EcgError('INVALID_OPTIONS', `WebM cannot hold ${codec} video; use mp4, mov or mkv`, {
      details: { encoder, container },
    });
  }
  const crf = options.crf ?? (codec === 'hevc' ? 28 : 23);
  if (!Number.isInteger(crf) || crf < 0 || crf > 51) {
    throw new EcgError('INVALID_OPTIONS', `crf must be an integer from 0 to 51, got ${crf}`, {
      details: { crf },
    });
  }
  const frames = options.frames ?? 'cpu';
  const args = ['-c:v', encoder];
  switch (encoder) {
    case 'libx264':
    case 'libx265': {
      if (frames === 'cuda') {
        throw new EcgError('INVALID_OPTIONS', `${encoder} cannot encode CUDA frames`, {
          details: { encoder },
        });
      }
      const preset = options.preset ?? 'veryfast';
      if (!isSoftwarePreset(preset)) {
        throw new EcgError('INVALID_OPTIONS', `${encoder} has no preset ${preset}`, {
          details: { encoder, preset },
        });
      }
      args.push('-preset', preset, '-crf', String(crf));
      // x265 prints its full configuration at info level on every run.
      if (encoder === 'libx265') args.push('-x265-params', 'log-level=error');
      break;
    }
    case 'h264_nvenc':
    case 'hevc_nvenc': {
      const preset = options.preset ?? 'p4';
      const nvencPreset = isSoftwarePreset(preset) ? NVENC_PRESET_FOR[preset] : preset;
      // Constant-quality VBR: -cq is NVENC's counterpart of -crf; -b:v 0 lifts the default 2 Mb/s
      // cap so quality, not bitrate, decides. cq 0 means "automatic" to NVENC, so 0 becomes 1.
      args.push('-preset', nvencPreset, '-rc', 'vbr', '-cq', String(Math.max(1, crf)), '-b:v', '0');
      break;
    }
    default: {
      const never: never = encoder;
      throw new EcgError('INVALID_OPTIONS', `Unknown encoder ${String(never)}`);
    }
  }
  if (frames === 'cpu') args.push('-pix_fmt', options.pixFmt ?? 'yuv420p');
  const tag = COLOR_TAGS[options.color.matrix];
  args.push(
    '-colorspace',
    tag,
    '-color_primaries',
    tag,
    '-color_trc',
    tag,
    '-color_range',
    options.color.range,
  );
  const isobmff = container === 'mp4' || container === 'mov';
  // Apple players (Safari, QuickTime, iOS) only play HEVC in MP4/MOV tagged hvc1; FFmpeg's
  // default tag is hev1.
  if (codec === 'hevc' && isobmff) args.push('-tag:v', 'hvc1');
  // Index at the front, so a browser can start playing before the whole file has downloaded.
  if (isobmff) args.push('-movflags', '+faststart');
  return args;
}

function isSoftwarePreset(preset: string): preset is SoftwarePreset {
  return (SOFTWARE_PRESETS as readonly string[]).includes(preset);
}
