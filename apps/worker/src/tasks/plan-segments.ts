import {
  createSegments,
  listSegments,
  releaseSegment,
  updateJobProgress,
  type Job,
  type Segment,
} from '@ecg-render/db';
import { isEcgError } from '@ecg-render/errors';
import type { EncoderName, Rational } from '@ecg-render/ffmpeg';
import { jobStorageKeys, planSegmentRanges, type RenderSettings } from '@ecg-render/jobs';
import type { WorkerRuntime } from '../worker-runtime.js';
import { enqueueQuietly } from './enqueue-quietly.js';
import { readSegmentPlan, writeSegmentPlan, type SegmentPlan } from './segment-plan.js';

/**
 * Splits a long job into segments that any worker can render (render-segment tasks), and
 * returns: the job stays `processing` under this attempt, whose lease the segment workers (and
 * the reconciler, while segments wait in the queue) renew. Idempotent, as a re-run after a crash
 * must be: an existing plan and existing segment rows are reused, completed segments are kept,
 * and only what is not done is enqueued (or the join, when everything is).
 */
export async function planSegments(input: {
  rt: WorkerRuntime;
  job: Job;
  attemptId: string;
  settings: RenderSettings;
  encoder: EncoderName;
  /** The local copy of the source (stored for the segment workers when it came from a URL). */
  source: string;
  grid: { fps: Rational; frameCount: number };
  signal: AbortSignal;
}): Promise<SegmentPlan> {
  const { rt, job, settings } = input;
  let plan = await readSegmentPlan({ storage: rt.storage, jobId: job.id, signal: input.signal });
  if (plan === null) {
    let sourceKey: string;
    if (job.source.kind === 'upload') {
      sourceKey = job.source.key;
    } else {
      // Downloaded once, here: segment workers read this copy, not the user's URL again.
      sourceKey = jobStorageKeys.source(job.id);
      await rt.storage.putFile({ key: sourceKey, path: input.source, signal: input.signal });
    }
    plan = {
      version: 1,
      jobId: job.id,
      sourceKey,
      encoder: input.encoder,
      crf: settings.crf,
      preset: settings.preset,
      container: settings.container,
      extension: settings.extension,
      ...(settings.width !== undefined && { width: settings.width, height: settings.height }),
      ...(settings.fps && { fps: settings.fps }),
      ...(settings.seed !== undefined && { seed: settings.seed }),
      gridFps: input.grid.fps,
      frameCount: input.grid.frameCount,
      ranges: planSegmentRanges({
        frameCount: input.grid.frameCount,
        fps: input.grid.fps.num / input.grid.fps.den,
        segmentSeconds: rt.config.worker.segmentSeconds,
      }),
    };
    await writeSegmentPlan({ storage: rt.storage, plan, signal: input.signal });
  }

  let segments: Segment[];
  try {
    segments = await createSegments(rt.sql, { jobId: job.id, ranges: plan.ranges });
  } catch (error) {
    // Rows from an earlier plan (another SEGMENT_SECONDS): the rows are what workers follow.
    if (!isEcgError(error) || error.code !== 'CONFLICT') throw error;
    segments = await listSegments(rt.sql, job.id);
  }
  const done = segments.filter((s) => s.state === 'completed');
  const doneFrames = done.reduce((sum, s) => sum + s.frameEnd - s.frameStart, 0);
  await updateJobProgress(rt.sql, {
    id: job.id,
    attemptId: input.attemptId,
    leaseSeconds: rt.timing.leaseSeconds,
    progress: (95 * doneFrames) / plan.frameCount,
    framesDone: doneFrames,
    framesTotal: plan.frameCount,
  });

  const pending = segments.filter((s) => s.state !== 'completed');
  rt.logger.info(
    {
      jobId: job.id,
      attemptId: input.attemptId,
      segments: segments.length,
      pending: pending.length,
      encoder: plan.encoder,
    },
    'segments planned',
  );
  if (pending.length === 0) {
    await enqueueQuietly(rt, () => rt.dispatcher.enqueueJoin(job.id), {
      jobId: job.id,
      task: 'join-segments',
    });
    return plan;
  }
  for (const segment of pending) {
    if (segment.state === 'failed') {
      await releaseSegment(rt.sql, { jobId: job.id, index: segment.index, attemptId: null });
    }
    await enqueueQuietly(rt, () => rt.dispatcher.enqueueSegment(job.id, segment.index), {
      jobId: job.id,
      segment: segment.index,
    });
  }
  return plan;
}
