import { randomUUID } from 'node:crypto';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { claimJob, getJob, type Job } from '@ecg-render/db';
import { toEcgError } from '@ecg-render/errors';
import { probeMedia } from '@ecg-render/ffmpeg';
import {
  fetchPluginPackages,
  jobStorageKeys,
  loadJobScenario,
  parseRenderJobOptions,
  type RenderSettings,
  renderSettingsFor,
} from '@ecg-render/jobs';
import { renderVideo } from '@ecg-render/pipeline';
import type { JobContext, JobPayloads } from '@ecg-render/queue';
import { normalizeScenario, pluginNamesOf } from '@ecg-render/scenario';
import type { WorkerRuntime } from '../worker-runtime.js';
import { startAttemptHeartbeat, type AttemptHeartbeat } from './attempt-heartbeat.js';
import { baseRenderOptions } from './base-render-options.js';
import { discardPreview } from './discard-preview.js';
import { fetchSource } from './fetch-source.js';
import { outputFrameGrid } from './output-frame-grid.js';
import { planSegments } from './plan-segments.js';
import { publishOutput } from './publish-output.js';
import { settleFailure } from './settle-failure.js';
import { failJobNow, takeRenderSlot } from './take-render-slot.js';
import { startPreviewUploads, type PreviewUploads } from './start-preview-uploads.js';

/**
 * The `render` task: one job, end to end, on this worker — or, for a job longer than
 * SEGMENT_SECONDS, the plan of its segments, which any worker then renders (planSegments).
 *
 * Order matters for crash safety: the admission slot is taken before the claim (a claimed job
 * waiting for a slot would look alive and be stuck); the claim is conditional with a fresh
 * attempt id and a lease the heartbeat renews; the output goes to a key naming the attempt and is
 * published by a conditional completion; the attempt folder goes in `finally`.
 */
export async function runRenderTask(
  rt: WorkerRuntime,
  payload: JobPayloads['render'],
  context: JobContext,
): Promise<void> {
  const job = await getJob(rt.sql, { id: payload.jobId, scope: { kind: 'all' } });
  if (job === null || (job.state !== 'queued' && job.state !== 'processing')) return;

  let settings: RenderSettings;
  try {
    settings = renderSettingsFor(parseRenderJobOptions(job.options));
  } catch (error) {
    // Stored options the API should have refused: fail the queued job as it stands.
    await failJobNow({ rt, job, attemptId: null, failure: toEcgError(error) });
    return;
  }

  const slot = await takeRenderSlot({
    rt,
    job,
    attemptId: null,
    encoder: settings.encoder,
    width: settings.width,
    height: settings.height,
    signal: context.signal,
  });

  try {
    const attemptId = randomUUID();
    const claimed = await claimJob(rt.sql, {
      id: job.id,
      attemptId,
      workerId: rt.workerId,
      leaseSeconds: rt.timing.leaseSeconds,
    });
    // Not ours to run (finished, cancelled, or held by a live attempt): the queue message is done.
    if (claimed === null) return;
    rt.logger.info(
      { jobId: job.id, attemptId, attempt: claimed.attempts, encoder: slot.encoder },
      slot.reason,
    );
    await renderClaimed({ rt, job: claimed, attemptId, settings, encoder: slot.encoder, context });
  } finally {
    slot.release();
  }
}

async function renderClaimed(input: {
  rt: WorkerRuntime;
  job: Job;
  attemptId: string;
  settings: RenderSettings;
  encoder: Parameters<typeof baseRenderOptions>[0]['encoder'];
  context: JobContext;
}): Promise<void> {
  const { rt, job, attemptId, settings } = input;
  let heartbeat: AttemptHeartbeat | null = null;
  let dir: string | null = null;
  let previews: PreviewUploads | null = null;
  let published = false;
  try {
    heartbeat = startAttemptHeartbeat({
      rt,
      job,
      jobAttemptId: attemptId,
      taskSignal: input.context.signal,
      progressEvents: true,
    });
    const { signal } = heartbeat;
    dir = await rt.temp.attemptDir(`render-${job.id}-${attemptId.slice(0, 8)}`);
    const scenario = await loadJobScenario({
      storage: rt.storage,
      scenario: job.scenario,
      maxBytes: rt.config.limits.maxScenarioBytes,
      signal,
    });
    const names = pluginNamesOf(normalizeScenario(scenario).resolved);
    const [source, pluginPackages] = await Promise.all([
      fetchSource({ rt, source: job.source, dir, signal }),
      fetchPluginPackages({
        sql: rt.sql,
        storage: rt.storage,
        names,
        jobOptions: job.options,
        cacheDir: rt.temp.pluginCacheDir,
        signal,
      }),
    ]);

    const segmentSeconds = rt.config.worker.segmentSeconds;
    if (segmentSeconds > 0) {
      const info = await probeMedia({
        path: source,
        ffprobePath: rt.config.binaries.ffprobePath,
        signal,
      });
      const grid = outputFrameGrid({ info, ...(settings.fps && { fps: settings.fps }) });
      if (grid.frameCount > Math.round(segmentSeconds * (grid.fps.num / grid.fps.den))) {
        await heartbeat.beat();
        await planSegments({
          rt,
          job,
          attemptId,
          settings,
          encoder: input.encoder,
          source,
          grid,
          signal,
        });
        return;
      }
    }

    const output = join(dir, `output${settings.extension}`);
    const previewPath = join(dir, 'preview.jpg');
    previews = startPreviewUploads({ rt, jobId: job.id, path: previewPath, signal });
    const summary = await renderVideo({
      ...baseRenderOptions({
        rt,
        settings,
        encoder: input.encoder,
        pluginPackages,
        signal,
        log: { jobId: job.id, attemptId },
      }),
      source,
      scenario,
      output,
      preview: { path: previewPath },
      onProgress: (p) =>
        heartbeat?.report({
          // The upload and publication after the last frame are the remaining 2 %.
          progress: p.frames > 0 ? Math.min(98, (98 * p.frame) / p.frames) : 0,
          fps: Math.round(p.fps * 100) / 100,
          etaSeconds: p.etaSec,
          framesDone: p.frame,
          framesTotal: p.frames,
        }),
    });
    await previews.stop();
    await heartbeat.beat();
    const key = jobStorageKeys.output({ jobId: job.id, attemptId, extension: settings.extension });
    const stored = await rt.storage.putFile({ key, path: output, signal });
    rt.metrics.recordRender({ frames: summary.frames, wallSec: summary.wallSec });
    published = await publishOutput({
      rt,
      job,
      attemptId,
      key,
      sizeBytes: stored.size,
      durationSeconds: summary.durationSec,
    });
  } catch (error) {
    await settleFailure({
      rt,
      job,
      attemptId,
      heartbeat,
      context: input.context,
      task: 'render',
      error,
    });
  } finally {
    heartbeat?.stop();
    await previews?.stop().catch(() => undefined);
    // Not this attempt's render to show; discardPreview leaves a frame another attempt owns.
    if (previews && !published) await discardPreview({ rt, jobId: job.id, attemptId });
    if (dir) await rm(dir, { recursive: true, force: true });
  }
}
