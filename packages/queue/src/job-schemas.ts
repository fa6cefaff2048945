import { z } from 'zod';

const id = z.string().min(1).max(200);

/**
 * The one map from job name to payload. Every name is also a BullMQ queue of its own, so each kind
 * of work has its own concurrency, retry policy and depth metric. Payloads carry ids only: the
 * database is the source of truth, and a payload read back from Redis is never trusted to say more.
 */
export const JOB_SCHEMAS = {
  /** Render a whole job (or plan its segments and enqueue them). */
  render: z.strictObject({ jobId: id }),
  /** Render one time segment of a segmented job. */
  'render-segment': z.strictObject({
    jobId: id,
    segmentIndex: z.number().int().min(0).max(100_000),
  }),
  /** Join a job's rendered segments without re-encoding, mux audio once, publish. */
  'join-segments': z.strictObject({ jobId: id }),
  /** Deliver one webhook event (stable delivery id, signed at send time). */
  webhook: z.strictObject({ deliveryId: id }),
  /** Re-enqueue jobs the queue lost and release jobs of dead workers (repeatable). */
  reconcile: z.strictObject({}),
} as const;

export type JobName = keyof typeof JOB_SCHEMAS;

export type JobPayloads = { [N in JobName]: z.infer<(typeof JOB_SCHEMAS)[N]> };

export const JOB_NAMES = Object.keys(JOB_SCHEMAS) as readonly JobName[];
