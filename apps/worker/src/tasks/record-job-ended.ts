import { getJob, type Job } from '@ecg-render/db';
import { jobStorageKeys, recordJobEvent } from '@ecg-render/jobs';
import type { WorkerRuntime } from '../worker-runtime.js';

/**
 * A job ended failed or cancelled: its event, and the scratch of a segmented render removed.
 * The event names the ending the database recorded: a failJob that finds a cancel pending ends
 * the job `cancelled` (finishJob), and the receiver must hear "cancelled", not "failed".
 */
export async function recordJobEnded(input: {
  rt: WorkerRuntime;
  job: Job;
  type: 'failed' | 'cancelled';
}): Promise<void> {
  const { rt, job } = input;
  const after = await getJob(rt.sql, { id: job.id, scope: { kind: 'all' } });
  if (after) {
    const type = after.state === 'cancelled' ? 'cancelled' : input.type;
    await recordJobEvent({ sql: rt.sql, dispatcher: rt.dispatcher, job: after, type });
  }
  await rt.storage.deletePrefix(jobStorageKeys.workPrefix(job.id)).catch((error: unknown) => {
    rt.logger.warn({ jobId: job.id, err: error }, 'could not remove the job scratch');
  });
}
