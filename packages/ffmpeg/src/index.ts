export type {
  AudioStreamInfo,
  ColorSpec,
  Container,
  EncoderName,
  HwStage,
  MediaInfo,
  ProbeLimits,
  Rational,
  VideoCodec,
  VideoStreamInfo,
} from './types.js';
export { probeMedia, type ProbeMediaOptions } from './probe-media.js';
export { sourceColor } from './source-color.js';
export {
  buildEncoderArgs,
  ENCODER_CODEC,
  type BuildEncoderArgsOptions,
  type EncoderSettings,
} from './build-encoder-args.js';
export {
  NVENC_PRESETS,
  SOFTWARE_PRESETS,
  type NvencPreset,
  type SoftwarePreset,
} from './encoder-presets.js';
export {
  detectCapabilities,
  type Capabilities,
  type DetectCapabilitiesOptions,
  type EncoderCapability,
} from './detect-capabilities.js';
export { chooseEncoder, type ChooseEncoderOptions } from './choose-encoder.js';
export {
  buildCompositeCommand,
  type BuildCompositeCommandOptions,
  type CompositeCommand,
  type CompositeOutput,
  type CompositeSource,
  type HwOptions,
  type OverlayPlacement,
} from './build-composite-command.js';
export {
  buildTranscodeCommand,
  type BuildTranscodeCommandOptions,
} from './build-transcode-command.js';
export {
  buildConcatCommand,
  type BuildConcatCommandOptions,
  type ConcatAudioSource,
} from './build-concat-command.js';
export { formatConcatList } from './format-concat-list.js';
export { writeConcatList, type WriteConcatListOptions } from './write-concat-list.js';
export {
  createOverlayMuxer,
  type OverlayFrame,
  type OverlayMuxer,
  type OverlayMuxerOptions,
} from './create-overlay-muxer.js';
export { overlayTimestampMs, type OverlayTimestampOptions } from './overlay-timestamp-ms.js';
export { runFfmpeg, type FfmpegRun, type RunFfmpegOptions } from './run-ffmpeg.js';
export { runFfprobe, type RunFfprobeOptions } from './run-ffprobe.js';
export type { FfmpegProgress } from './progress-parser.js';
export { SOURCE_DEMUXERS, SOURCE_PROTOCOLS } from './input-allowlists.js';
