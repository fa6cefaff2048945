import type { JobName, JobPayloads } from './job-schemas.js';

export interface JobContext {
  /**
   * Aborts when this job is cancelled (Workers.cancel) or the worker shuts down and the job must
   * be released. `signal.reason` is an EcgError CANCELLED whose `details.reason` says which. A
   * handler passes it to every long operation and stops promptly once it fires.
   */
  signal: AbortSignal;
  /** 1 for the first try, 2 for the first retry… (a stalled-and-recovered run keeps its number). */
  attempt: number;
  /** The BullMQ job id (for a render, the database job id). */
  jobId: string;
  /** Stored on the BullMQ job (dashboard, queue events); the database holds the real progress. */
  updateProgress(progress: number | Record<string, unknown>): Promise<void>;
}

/**
 * Does one job. Resolve when done; throw to fail this attempt. An EcgError with
 * `retryable: false` fails the job at once; anything else is retried with backoff.
 */
export type JobHandler<N extends JobName> = (
  payload: JobPayloads[N],
  context: JobContext,
) => Promise<void>;

/** A handler for every job name: a process that consumes the queues must be able to run them all. */
export type JobHandlers = { [N in JobName]: JobHandler<N> };
