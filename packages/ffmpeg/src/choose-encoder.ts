import { EcgError } from '@ecg-render/errors';
import type { Capabilities } from './detect-capabilities.js';
import type { EncoderName, VideoCodec } from './types.js';

export interface ChooseEncoderOptions {
  requested: 'auto' | EncoderName;
  capabilities: Pick<Capabilities, 'encoders'>;
  /** For `auto`. Default `h264`. */
  codec?: VideoCodec;
}

const NVENC: Record<VideoCodec, EncoderName> = { h264: 'h264_nvenc', hevc: 'hevc_nvenc' };
const SOFTWARE: Record<VideoCodec, EncoderName> = { h264: 'libx264', hevc: 'libx265' };

/**
 * Picks the encoder for a job. `auto`: NVENC for the codec when its trial encode worked, else the
 * software encoder, with a one-line reason for the log. An explicit request is honoured or fails
 * with `ENCODER_UNAVAILABLE` (never silently swapped: the user asked for it).
 */
export function chooseEncoder(options: ChooseEncoderOptions): {
  encoder: EncoderName;
  reason: string;
} {
  const { requested, capabilities } = options;
  if (requested !== 'auto') {
    const capability = capabilities.encoders[requested];
    if (capability.works) return { encoder: requested, reason: `${requested} was requested` };
    const why = capability.listed
      ? `its trial encode failed: ${capability.error ?? 'unknown error'}`
      : 'this FFmpeg was built without it';
    throw new EcgError('ENCODER_UNAVAILABLE', `${requested} is not available: ${why}`, {
      details: { encoder: requested, listed: capability.listed, error: capability.error },
    });
  }

  const codec = options.codec ?? 'h264';
  const gpu = NVENC[codec];
  const cpu = SOFTWARE[codec];
  const gpuCapability = capabilities.encoders[gpu];
  if (gpuCapability.works) return { encoder: gpu, reason: `${gpu} trial encode succeeded` };
  const cpuCapability = capabilities.encoders[cpu];
  if (!cpuCapability.works) {
    throw new EcgError(
      'ENCODER_UNAVAILABLE',
      `No working ${codec} encoder: ${gpu} and ${cpu} both failed`,
      {
        details: { codec, [gpu]: gpuCapability.error, [cpu]: cpuCapability.error },
      },
    );
  }
  const why = !gpuCapability.listed
    ? `${gpu} is not built into this FFmpeg`
    : gpuCapability.skipped
      ? `${gpu} not tried: ${gpuCapability.skipped}`
      : `${gpu} trial encode failed: ${gpuCapability.error ?? 'unknown error'}`;
  return { encoder: cpu, reason: `${why}; using ${cpu}` };
}
