import { failJob, type Job } from '@ecg-render/db';
import { publicMessage, toEcgError, type EcgError } from '@ecg-render/errors';
import type { EncoderName } from '@ecg-render/ffmpeg';
import { acquireRenderSlot, type RenderSlot } from '../admission/acquire-render-slot.js';
import type { WorkerRuntime } from '../worker-runtime.js';
import { elsewhereCanRun } from './elsewhere-can-run.js';
import { recordJobEnded } from './record-job-ended.js';

/**
 * Fails `job` with `failure` now (what its owner may read of it, see publicMessage) and, when
 * this call is what ended it, records its `failed` event. `attemptId`: the attempt holding the
 * job, or null for a job no attempt has claimed.
 */
export async function failJobNow(input: {
  rt: WorkerRuntime;
  job: Job;
  attemptId: string | null;
  failure: EcgError;
}): Promise<void> {
  const { rt, job, failure } = input;
  const failed = await failJob(rt.sql, {
    id: job.id,
    attemptId: input.attemptId,
    error: { code: failure.code, message: publicMessage(failure) },
  });
  if (failed) await recordJobEnded({ rt, job, type: 'failed' });
}

/**
 * An admission slot on this worker for a render with `encoder` at width×height (default 1080p).
 * A refusal no worker can ever get past (ENCODER_UNAVAILABLE, GPU_MEMORY_INSUFFICIENT with
 * nobody else able to run it) fails the job now and is thrown; a retryable one or a cancel is
 * only thrown, for the queue to retry or settle. Without failing the job, an unclaimed render or
 * segment would stay queued and the reconciler would enqueue it again every pass, forever.
 */
export async function takeRenderSlot(input: {
  rt: WorkerRuntime;
  job: Job;
  /** As failJobNow's. */
  attemptId: string | null;
  encoder: 'auto' | EncoderName;
  width?: number | undefined;
  height?: number | undefined;
  signal: AbortSignal;
}): Promise<RenderSlot> {
  const { rt } = input;
  try {
    return await acquireRenderSlot({
      admission: rt.admission,
      requested: input.encoder,
      capabilities: rt.capabilities,
      nvencSessions: rt.config.gpu.nvencMaxSessions,
      width: input.width ?? 1920,
      height: input.height ?? 1080,
      signal: input.signal,
      elsewhere: elsewhereCanRun(rt),
    });
  } catch (error) {
    const failure = toEcgError(error);
    if (!failure.retryable && failure.code !== 'CANCELLED') {
      await failJobNow({ rt, job: input.job, attemptId: input.attemptId, failure });
    }
    throw failure;
  }
}
