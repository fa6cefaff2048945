import { randomUUID } from 'node:crypto';
import { rm } from 'node:fs/promises';
import { extname, join } from 'node:path';
import {
  areAllSegmentsDone,
  claimSegment,
  completeSegment,
  getJob,
  listSegments,
  updateJobProgress,
  type Job,
  type Segment,
} from '@ecg-render/db';
import { EcgError } from '@ecg-render/errors';
import {
  fetchPluginPackages,
  jobStorageKeys,
  loadJobScenario,
  recordJobEvent,
} from '@ecg-render/jobs';
import { renderVideo } from '@ecg-render/pipeline';
import type { JobContext, JobPayloads } from '@ecg-render/queue';
import { normalizeScenario, pluginNamesOf } from '@ecg-render/scenario';
import type { WorkerRuntime } from '../worker-runtime.js';
import { startAttemptHeartbeat, type AttemptHeartbeat } from './attempt-heartbeat.js';
import { baseRenderOptions } from './base-render-options.js';
import { enqueueQuietly } from './enqueue-quietly.js';
import { saveObjectToFile } from './save-object-to-file.js';
import { readSegmentPlan, type SegmentPlan } from './segment-plan.js';
import { settleFailure } from './settle-failure.js';
import { takeRenderSlot } from './take-render-slot.js';

/**
 * The `render-segment` task: frames [frameStart, frameEnd) of a planned job, video only, with the
 * plan's encoder settings, into a key naming this segment attempt; published by the conditional
 * completeSegment. The last segment to complete enqueues the join. Each segment is its own encode,
 * so it starts on a keyframe and the join can copy the streams as they are.
 */
export async function runSegmentTask(
  rt: WorkerRuntime,
  payload: JobPayloads['render-segment'],
  context: JobContext,
): Promise<void> {
  const { jobId, segmentIndex: index } = payload;
  const job = await getJob(rt.sql, { id: jobId, scope: { kind: 'all' } });
  if (job === null || job.state !== 'processing' || job.attemptId === null) return;
  const plan = await readSegmentPlan({ storage: rt.storage, jobId, signal: context.signal });
  const range = plan?.ranges[index];
  if (!plan || !range) {
    throw new EcgError('INTERNAL', `Job ${jobId} has no plan for segment ${index}`, {
      retryable: true,
    });
  }

  const slot = await takeRenderSlot({
    rt,
    job,
    attemptId: job.attemptId,
    encoder: plan.encoder,
    width: plan.width,
    height: plan.height,
    signal: context.signal,
  });
  try {
    const attemptId = randomUUID();
    const segment = await claimSegment(rt.sql, {
      jobId,
      index,
      attemptId,
      workerId: rt.workerId,
      leaseSeconds: rt.timing.leaseSeconds,
    });
    // Done, held under a live lease, or the job is no longer running: nothing to do. (A segment
    // whose holder died is re-enqueued by the reconciler once its lease has lapsed.)
    if (segment === null) return;
    rt.logger.info(
      { jobId, segment: index, attemptId, frames: [range.frameStart, range.frameEnd] },
      'segment claimed',
    );
    await renderSegment({
      rt,
      job,
      jobAttemptId: job.attemptId,
      segment,
      plan,
      attemptId,
      context,
    });
  } finally {
    slot.release();
  }
}

async function renderSegment(input: {
  rt: WorkerRuntime;
  job: Job;
  jobAttemptId: string;
  segment: Segment;
  plan: SegmentPlan;
  attemptId: string;
  context: JobContext;
}): Promise<void> {
  const { rt, job, segment, plan, attemptId } = input;
  let heartbeat: AttemptHeartbeat | null = null;
  let dir: string | null = null;
  try {
    heartbeat = startAttemptHeartbeat({
      rt,
      job,
      jobAttemptId: input.jobAttemptId,
      segment: { index: segment.index, attemptId },
      taskSignal: input.context.signal,
      progressEvents: false,
    });
    const { signal } = heartbeat;
    dir = await rt.temp.attemptDir(`segment-${job.id}-${segment.index}-${attemptId.slice(0, 8)}`);
    const scenario = await loadJobScenario({
      storage: rt.storage,
      scenario: job.scenario,
      maxBytes: rt.config.limits.maxScenarioBytes,
      signal,
    });
    const names = pluginNamesOf(normalizeScenario(scenario).resolved);
    const source = join(dir, `source${extname(plan.sourceKey)}`);
    const [, pluginPackages] = await Promise.all([
      saveObjectToFile({ storage: rt.storage, key: plan.sourceKey, path: source, signal }),
      fetchPluginPackages({
        sql: rt.sql,
        storage: rt.storage,
        names,
        jobOptions: job.options,
        cacheDir: rt.temp.pluginCacheDir,
        signal,
      }),
    ]);

    const frames = segment.frameEnd - segment.frameStart;
    const output = join(dir, `segment${plan.extension}`);
    const summary = await renderVideo({
      ...baseRenderOptions({
        rt,
        settings: plan,
        encoder: plan.encoder,
        pluginPackages,
        signal,
        log: { jobId: job.id, segment: segment.index, attemptId },
      }),
      source,
      scenario,
      output,
      frames: { first: segment.frameStart, count: frames },
      audio: 'none',
    });
    if (summary.frames !== frames) {
      throw new EcgError(
        'INTERNAL',
        `Segment ${segment.index} rendered ${summary.frames} frames instead of ${frames}`,
        {
          retryable: false,
          details: { segment: segment.index, expected: frames, got: summary.frames },
        },
      );
    }
    await heartbeat.beat();
    const key = jobStorageKeys.segment({
      jobId: job.id,
      index: segment.index,
      attemptId,
      extension: plan.extension,
    });
    await rt.storage.putFile({ key, path: output, signal });
    rt.metrics.recordRender({ frames: summary.frames, wallSec: summary.wallSec });
    const won = await completeSegment(rt.sql, {
      jobId: job.id,
      index: segment.index,
      attemptId,
      outputKey: key,
    });
    if (!won) {
      await rt.storage.delete(key);
      rt.logger.info(
        { jobId: job.id, segment: segment.index, attemptId },
        'segment output not published',
      );
      return;
    }
    await reportSegmentProgress({
      rt,
      job,
      jobAttemptId: input.jobAttemptId,
      frameCount: plan.frameCount,
    });
    if (await areAllSegmentsDone(rt.sql, job.id)) {
      await enqueueQuietly(rt, () => rt.dispatcher.enqueueJoin(job.id), {
        jobId: job.id,
        task: 'join-segments',
      });
    }
  } catch (error) {
    await settleFailure({
      rt,
      job,
      attemptId: input.jobAttemptId,
      segment: { index: segment.index, attemptId },
      heartbeat,
      context: input.context,
      task: 'render-segment',
      error,
    });
  } finally {
    heartbeat?.stop();
    if (dir) await rm(dir, { recursive: true, force: true });
  }
}

/** The job's progress from its completed segments (the join is the last 5 %). */
async function reportSegmentProgress(input: {
  rt: WorkerRuntime;
  job: Job;
  jobAttemptId: string;
  frameCount: number;
}): Promise<void> {
  const { rt, job } = input;
  const segments = await listSegments(rt.sql, job.id);
  const done = segments
    .filter((s) => s.state === 'completed')
    .reduce((sum, s) => sum + s.frameEnd - s.frameStart, 0);
  const progress = (95 * done) / input.frameCount;
  const result = await updateJobProgress(rt.sql, {
    id: job.id,
    attemptId: input.jobAttemptId,
    leaseSeconds: rt.timing.leaseSeconds,
    progress,
    framesDone: done,
    framesTotal: input.frameCount,
  });
  if (result.accepted) {
    await recordJobEvent({
      sql: rt.sql,
      dispatcher: rt.dispatcher,
      job: { ...job, progress, framesDone: done, framesTotal: input.frameCount },
      type: 'progress',
      throttle: rt.throttle,
    });
  }
}
