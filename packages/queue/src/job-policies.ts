import type { JobName } from './job-schemas.js';

export interface JobPolicy {
  /** Tries in all, including the first. */
  attempts: number;
  /** Exponential backoff base: retry n waits about base × 2^(n-1) ms (minus up to `jitter`). */
  backoffMs: number;
  /** Fraction of each backoff taken off at random, so retries after an outage spread out. */
  jitter: number;
  /** Jobs one worker process runs at once for this queue. */
  concurrency: number;
}

/**
 * Defaults per job name; both createQueues (retry: BullMQ stores attempts and backoff on the job
 * when it is added) and startWorkers (concurrency) take overrides.
 *
 * - render / render-segment / join-segments: 3 tries, 2 s then 4 s. A transient failure (crashed
 *   browser, S3 hiccup) usually clears quickly; a render that fails three times needs a person.
 *   Concurrency 1: a render already uses the machine's cores; MAX_CONCURRENT_JOBS raises it.
 * - webhook: 10 tries, 5 s doubling (5 s … ~21 min, ~43 min in all), as receivers are often down
 *   for minutes; 10 deliveries at once since they only wait on the network.
 * - reconcile: 1 try; its scheduler runs it again on the next tick anyway.
 */
export const JOB_POLICIES: Record<JobName, JobPolicy> = {
  render: { attempts: 3, backoffMs: 2_000, jitter: 0.2, concurrency: 1 },
  'render-segment': { attempts: 3, backoffMs: 2_000, jitter: 0.2, concurrency: 1 },
  'join-segments': { attempts: 3, backoffMs: 2_000, jitter: 0.2, concurrency: 1 },
  webhook: { attempts: 10, backoffMs: 5_000, jitter: 0.2, concurrency: 10 },
  reconcile: { attempts: 1, backoffMs: 0, jitter: 0, concurrency: 1 },
};
