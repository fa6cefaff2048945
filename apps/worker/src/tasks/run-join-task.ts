import { randomUUID } from 'node:crypto';
import { rm } from 'node:fs/promises';
import { extname, join } from 'node:path';
import { getJob, listSegments, type Job } from '@ecg-render/db';
import { EcgError } from '@ecg-render/errors';
import { buildConcatCommand, probeMedia, runFfmpeg, writeConcatList } from '@ecg-render/ffmpeg';
import { jobStorageKeys } from '@ecg-render/jobs';
import type { JobContext, JobPayloads } from '@ecg-render/queue';
import type { WorkerRuntime } from '../worker-runtime.js';
import { startAttemptHeartbeat, type AttemptHeartbeat } from './attempt-heartbeat.js';
import { publishOutput } from './publish-output.js';
import { saveObjectToFile } from './save-object-to-file.js';
import { readSegmentPlan } from './segment-plan.js';
import { settleFailure } from './settle-failure.js';

/**
 * The `join-segments` task: once every segment is completed, concatenates them without
 * re-encoding (buildConcatCommand: stream copy, one FFmpeg process) and muxes the audio once from
 * the source, so there are no gaps or encoder priming at the joins; then publishes as any render
 * does (an output key of its own, conditional completion under the planner's attempt) and removes
 * the job's scratch. Joins of one job may run twice (at-least-once queue); one completion wins
 * and the other deletes its object.
 */
export async function runJoinTask(
  rt: WorkerRuntime,
  payload: JobPayloads['join-segments'],
  context: JobContext,
): Promise<void> {
  const job = await getJob(rt.sql, { id: payload.jobId, scope: { kind: 'all' } });
  if (job === null || job.state !== 'processing' || job.attemptId === null) return;
  const segments = await listSegments(rt.sql, job.id);
  if (segments.length === 0 || segments.some((s) => s.state !== 'completed')) return;
  const jobAttemptId = job.attemptId;
  const joinId = randomUUID();
  let heartbeat: AttemptHeartbeat | null = null;
  let dir: string | null = null;
  try {
    heartbeat = startAttemptHeartbeat({
      rt,
      job,
      jobAttemptId,
      taskSignal: context.signal,
      progressEvents: false,
    });
    const { signal } = heartbeat;
    const plan = await readSegmentPlan({ storage: rt.storage, jobId: job.id, signal });
    if (!plan)
      throw new EcgError('INTERNAL', `Job ${job.id} has segments but no plan`, {
        retryable: false,
      });
    dir = await rt.temp.attemptDir(`join-${job.id}-${joinId.slice(0, 8)}`);
    const workDir = dir;

    const segmentPaths = await Promise.all(
      segments.map(async (segment) => {
        const path = join(
          workDir,
          `segment-${String(segment.index).padStart(5, '0')}${plan.extension}`,
        );
        await saveObjectToFile({ storage: rt.storage, key: segment.outputKey!, path, signal });
        return path;
      }),
    );
    const source = join(dir, `source${extname(plan.sourceKey)}`);
    await saveObjectToFile({ storage: rt.storage, key: plan.sourceKey, path: source, signal });
    const info = await probeMedia({
      path: source,
      ffprobePath: rt.config.binaries.ffprobePath,
      signal,
    });

    const listPath = join(dir, 'segments.ffconcat');
    await writeConcatList({ listPath, segmentPaths });
    const output = join(dir, `output${plan.extension}`);
    const rate = plan.gridFps.num / plan.gridFps.den;
    const durationSec = plan.frameCount / rate;
    const command = buildConcatCommand({
      segmentListPath: listPath,
      ...(info.audio && {
        // From the first frame's picture on and as long as the video, as a single pass has it.
        audioSource: { path: source, info, fromSec: 0, durationSec },
      }),
      output: { path: output, container: plan.container },
    });
    await heartbeat.beat();
    await runFfmpeg({ args: command.args, ffmpegPath: rt.ffmpegPath, signal }).done;

    const key = jobStorageKeys.output({
      jobId: job.id,
      attemptId: joinId,
      extension: plan.extension,
    });
    const stored = await rt.storage.putFile({ key, path: output, signal });
    const won = await publishOutput({
      rt,
      job,
      attemptId: jobAttemptId,
      key,
      sizeBytes: stored.size,
      durationSeconds: durationSec,
    });
    if (won) await rt.storage.deletePrefix(jobStorageKeys.workPrefix(job.id));
  } catch (error) {
    await settleFailure({
      rt,
      job: job satisfies Job,
      attemptId: jobAttemptId,
      heartbeat,
      context,
      task: 'join-segments',
      error,
    });
  } finally {
    heartbeat?.stop();
    if (dir) await rm(dir, { recursive: true, force: true });
  }
}
