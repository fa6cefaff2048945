import { basename } from 'node:path';
import { completeJob, getJob, type Job } from '@ecg-render/db';
import { jobDownloadPath, recordJobEvent } from '@ecg-render/jobs';
import type { WorkerRuntime } from '../worker-runtime.js';

/**
 * Publishes an uploaded output: the conditional completeJob that exactly one attempt wins, then
 * the `completed` event with a download link (a presigned URL, or the API's download route for
 * local storage). A losing attempt deletes the object it wrote — each attempt wrote its own key,
 * so the published one is never touched. A pending cancel turns the completion into `cancelled`
 * (the output is not published, and is deleted too). Returns whether this attempt completed it.
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
  // The job is completed now. A failed presign must not throw into the task's failure path,
  // which would retry a finished job and never send its one `completed` event: the link falls
  // back to the API's download route, which presigns again when it is followed.
  const apiDownload = jobDownloadPath({
    jobId: job.id,
    publicBaseUrl: rt.config.http.publicBaseUrl,
  });
  const downloadName = `${(job.externalId ?? job.id).replace(/[^A-Za-z0-9._-]/g, '_')}${extensionOf(input.key)}`;
  const downloadUrl = await rt.storage
    .presignGet({
      key: input.key,
      expiresInSec: rt.config.storage.presignExpirySeconds,
      downloadName,
    })
    .then((presigned) => presigned ?? apiDownload)
    .catch((error: unknown) => {
      rt.logger.warn(
        { jobId: job.id, err: error },
        'could not presign the output; linking the API',
      );
      return apiDownload;
    });
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

function extensionOf(key: string): string {
  const name = basename(key);
  const dot = name.lastIndexOf('.');
  return dot > 0 ? name.slice(dot) : '';
}
