/** A frame rate or time base as FFmpeg writes it (`30000/1001`). */
export interface Rational {
  num: number;
  den: number;
}

export interface VideoStreamInfo {
  /** The stream's index in the file (what `-map 0:<index>` selects). */
  index: number;
  codec: string;
  profile?: string;
  pixFmt: string;
  bitDepth: number;
  /** Coded size, before rotation. */
  width: number;
  height: number;
  /** Size as players show it: width and height swapped when the rotation is 90 or 270. */
  displayWidth: number;
  displayHeight: number;
  /** Clockwise degrees a player rotates the picture by: 0, 90, 180 or 270. */
  rotation: 0 | 90 | 180 | 270;
  /** `r_frame_rate`: the rate every timestamp fits on. */
  fps: Rational;
  /** `avg_frame_rate`: frames divided by duration. */
  avgFps: Rational;
  /**
   * True when the two rates disagree by more than 1 %, or the first frames (up to 240 packets)
   * do not come at a steady interval.
   */
  isVfr: boolean;
  /** `nb_frames` when the container stores it, otherwise round(durationSec × fps). */
  frameCount: number;
  durationSec: number;
  startTimeSec: number;
  colorSpace?: string;
  colorRange?: string;
  colorPrimaries?: string;
  colorTransfer?: string;
}

export interface AudioStreamInfo {
  index: number;
  codec: string;
  sampleRate: number;
  channels: number;
  startTimeSec: number;
  durationSec: number;
}

export interface MediaInfo {
  path: string;
  sizeBytes: number;
  /** FFmpeg's demuxer name, e.g. `mov,mp4,m4a,3gp,3g2,mj2` or `matroska,webm`. */
  formatName: string;
  durationSec: number;
  /**
   * The earliest start of any stream, where FFmpeg's timeline for the file begins (`-ss` counts
   * from here). For MPEG-TS FFmpeg re-bases on the streams a command actually uses.
   */
  startTimeSec: number;
  streamCount: number;
  video: VideoStreamInfo;
  audio: AudioStreamInfo | null;
}

/** Limits on untrusted media; each one is off when absent. */
export interface ProbeLimits {
  maxWidth?: number;
  maxHeight?: number;
  maxDurationSec?: number;
  /** Compared with the average frame rate (what decoding costs), not `r_frame_rate`. */
  maxFps?: number;
  maxStreams?: number;
}

export type EncoderName = 'libx264' | 'libx265' | 'h264_nvenc' | 'hevc_nvenc';
export type VideoCodec = 'h264' | 'hevc';
export type Container = 'mp4' | 'mov' | 'mkv' | 'webm';

/** How YUV relates to RGB in the output: the matrix and the range of the source. */
export interface ColorSpec {
  matrix: 'bt709' | 'bt601';
  range: 'tv' | 'pc';
}

/** Where a stage of the composite runs. */
export type HwStage = 'cpu' | 'cuda';
