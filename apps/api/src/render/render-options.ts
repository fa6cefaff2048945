import type { EncoderName, Rational } from '@ecg-render/ffmpeg';

/**
 * Output options as stored on a job (`jobs.options`) and read by workers: validated, defaults
 * applied, `quality` already turned into `crf`. Plugin pins are added by the API at creation.
 */
export interface RenderOptions {
  /** Both or neither; even. Default: the source's display size. */
  width?: number;
  height?: number;
  /** Default: the source's rate. */
  fps?: Rational;
  encoder: 'auto' | EncoderName;
  /** 0-51; absent: the encoder's default (23 for H.264, 28 for HEVC). */
  crf?: number;
  format: 'mp4' | 'mov' | 'mkv';
  /** Source-time range to render, in seconds. */
  startSec?: number;
  endSec?: number;
  audio: 'auto' | 'none';
  /** Registry packages the scenario resolved to at submission (pinned by content hash). */
  plugins: PinnedPlugin[];
}

export interface PinnedPlugin {
  name: string;
  version: string;
  sha256: string;
}
