import { getJob } from '@ecg-render/db';
import { jobStorageKeys } from '@ecg-render/jobs';
import type { WorkerRuntime } from '../worker-runtime.js';

/**
 * Deletes the job's latest-frame preview after an attempt that did not publish its render: a job
 * that does not complete shows no frame of a render that will not be published.
 *
 * The preview key is the job's, shared by every attempt, so only an attempt that still stands for
 * the job may delete it: one that lost its lease (hung, then taken over) would otherwise delete the
 * frame of the attempt that took over — or the thumbnail of the job that attempt completed. So it
 * is deleted only while the job is not completed and no other attempt holds it (this attempt
 * still does, or the job went back to the queue or ended under it). When the job cannot be read,
 * the preview stays: a stale frame is harmless, a winner's lost thumbnail is not.
 */
export async function discardPreview(input: {
  rt: WorkerRuntime;
  jobId: string;
  attemptId: string;
}): Promise<void> {
  const { rt } = input;
  const job = await getJob(rt.sql, { id: input.jobId, scope: { kind: 'all' } }).catch(
    () => undefined,
  );
  if (job === undefined || job === null || job.state === 'completed') return;
  if (job.attemptId !== null && job.attemptId !== input.attemptId) return;
  await rt.storage.delete(jobStorageKeys.preview(input.jobId)).catch(() => undefined);
}
