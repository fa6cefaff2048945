import { EcgError } from '@ecg-render/errors';
import type { Capabilities, EncoderName } from '@ecg-render/ffmpeg';
import type { Admission, ResourceNeed } from './admission.js';
import { estimateGpuMemoryBytes } from './estimate-gpu-memory-bytes.js';

export interface RenderSlot {
  encoder: EncoderName;
  /** One line for the log: why this encoder. */
  reason: string;
  release: () => void;
}

const NVENC: ReadonlySet<EncoderName> = new Set(['h264_nvenc', 'hevc_nvenc']);

/**
 * Picks the encoder for one render and takes its admission slot. `auto` prefers NVENC when its
 * trial encode worked, NVENC_MAX_SESSIONS allows it and a session and GPU memory are free right
 * now; otherwise it waits for a plain job slot and uses libx264 — a free CPU now beats a GPU
 * later. An explicit encoder waits for its own resources; one this worker can never provide is
 * ENCODER_UNAVAILABLE or GPU_MEMORY_INSUFFICIENT, retryable when `elsewhere` says another live
 * worker could run it (the queue then hands it to someone else), final otherwise.
 */
export async function acquireRenderSlot(input: {
  admission: Admission;
  requested: 'auto' | EncoderName;
  capabilities: Pick<Capabilities, 'encoders'>;
  nvencSessions: number;
  width: number;
  height: number;
  signal?: AbortSignal;
  /** Whether another live worker could run `encoder` with `need` (from the workers table). */
  elsewhere?: (encoder: EncoderName, need: ResourceNeed) => Promise<boolean>;
}): Promise<RenderSlot> {
  const needOf = (encoder: EncoderName): ResourceNeed => {
    const nvenc = NVENC.has(encoder);
    return {
      nvenc,
      gpuMemoryBytes: estimateGpuMemoryBytes({ width: input.width, height: input.height, nvenc }),
    };
  };
  const works = (encoder: EncoderName): boolean =>
    input.capabilities.encoders[encoder]?.works === true;

  if (input.requested === 'auto') {
    const gpu = needOf('h264_nvenc');
    if (works('h264_nvenc') && input.nvencSessions > 0 && input.admission.fits(gpu)) {
      const release = input.admission.tryAcquire(gpu);
      if (release)
        return {
          encoder: 'h264_nvenc',
          reason: 'h264_nvenc: trial encode worked and a session is free',
          release,
        };
    }
    const why = !works('h264_nvenc')
      ? 'no working NVENC'
      : input.nvencSessions === 0
        ? 'NVENC_MAX_SESSIONS is 0'
        : !input.admission.fits(gpu)
          ? 'the render does not fit MAX_GPU_MEMORY'
          : 'no NVENC session or GPU memory free now';
    const release = await input.admission.acquire(needOf('libx264'), input.signal);
    return { encoder: 'libx264', reason: `libx264: ${why}`, release };
  }

  const encoder = input.requested;
  const need = needOf(encoder);
  const canHere =
    works(encoder) && (!need.nvenc || input.nvencSessions > 0) && input.admission.fits(need);
  if (!canHere) {
    const retryable = (await input.elsewhere?.(encoder, need)) ?? false;
    if (!works(encoder) || (need.nvenc && input.nvencSessions === 0)) {
      throw new EcgError('ENCODER_UNAVAILABLE', `${encoder} is not available on this worker`, {
        retryable,
        details: { encoder, error: input.capabilities.encoders[encoder]?.error },
      });
    }
    throw new EcgError(
      'GPU_MEMORY_INSUFFICIENT',
      `A ${input.width}x${input.height} ${encoder} render needs about ${Math.round(need.gpuMemoryBytes / 2 ** 20)} MiB of GPU memory, more than this worker may use`,
      { retryable, details: { encoder, gpuMemoryBytes: need.gpuMemoryBytes } },
    );
  }
  const release = await input.admission.acquire(need, input.signal);
  return { encoder, reason: `${encoder} was requested`, release };
}
