import type { JobName, JobPayloads } from './job-schemas.js';

/**
 * The BullMQ job id a payload gets unless the caller names one. Ids are unique per queue, and
 * BullMQ adds a job whose id already exists in that queue as a no-op, so deriving the id from the
 * payload makes every add idempotent: the render of database job X is BullMQ job X, enqueued by the
 * API and again by the reconciler, and still one job. (BullMQ refuses ids containing `:` or made of
 * digits only; database ids are UUIDs.)
 */
export function defaultJobId<N extends JobName>(
  name: N,
  payload: JobPayloads[N],
): string | undefined {
  switch (name) {
    case 'render':
    case 'join-segments':
      return (payload as JobPayloads['render']).jobId;
    case 'render-segment': {
      const { jobId, segmentIndex } = payload as JobPayloads['render-segment'];
      return `${jobId}.${segmentIndex}`;
    }
    case 'webhook':
      return (payload as JobPayloads['webhook']).deliveryId;
    case 'reconcile':
      return undefined; // scheduled by a job scheduler, which names its own jobs
  }
  return undefined;
}
