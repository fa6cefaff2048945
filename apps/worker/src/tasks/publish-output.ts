import { completeJob, getJob, type Job } from '@ecg-render/db';
import { recordJobEvent } from '@ecg-render/jobs';
import type { WorkerRuntime } from '../worker-runtime.js';
import { outputDownloadUrl } from './output-download-url.js';

/**
 * Publishes an uploaded output: the conditional completeJob that exactly one attempt wins, then
 * the `completed` event with a download link (a presigned URL, or the API's download route for
 * local storage). A losing attempt deletes the object it wrote — each attempt wrote its own key,
 * so the published one is never touched. A pending cancel turns the completion into `cancelled`
 * (the output is not published, and is deleted too). Returns whether this attempt completed it.
 * Should recording the event fail after the completion committed (the database went away), the
 * retry finds a finished job and stops; the reconciler records the missing ending instead.
 */
export async function publishOutput(input: {
  rt: WorkerRuntime;
  job: Job;
  /** The attempt holding the job (for a joined job: the planner's). */
  attemptId: string;
  key: string;
  sizeBytes: number;
  durationSeconds: number;
}): Promise<boolean> {
  const { rt, job } = input;
  const won = await completeJob(rt.sql, {
    id: job.id,
    attemptId: input.attemptId,
    output: { key: input.key, sizeBytes: input.sizeBytes, durationSeconds: input.durationSeconds },
  });
  const after = await getJob(rt.sql, { id: job.id, scope: { kind: 'all' } });
  if (!won) {
    await rt.storage.delete(input.key);
    if (after?.state === 'cancelled' && after.attemptId === input.attemptId) {
      await recordJobEvent({
        sql: rt.sql,
        dispatcher: rt.dispatcher,
        job: after,
        type: 'cancelled',
      });
    }
    rt.logger.info(
      { jobId: job.id, attemptId: input.attemptId, state: after?.state },
      'output not published',
    );
    return false;
  }
  // The job is completed now: the link never throws (see outputDownloadUrl), so a failed presign
  // cannot send a finished job into the task's failure path and lose its `completed` event.
  const downloadUrl = await outputDownloadUrl({ rt, job, key: input.key });
  if (after) {
    await recordJobEvent({
      sql: rt.sql,
      dispatcher: rt.dispatcher,
      job: after,
      type: 'completed',
      downloadUrl,
    });
  }
  rt.logger.info({ jobId: job.id, attemptId: input.attemptId, key: input.key }, 'job completed');
  return true;
}
