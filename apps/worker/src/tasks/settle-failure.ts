import { failJob, failSegment, getJob, releaseJob, releaseSegment, type Job } from '@ecg-render/db';
import { EcgError, publicMessage, toEcgError } from '@ecg-render/errors';
import type { JobContext, JobName } from '@ecg-render/queue';
import type { WorkerRuntime } from '../worker-runtime.js';
import type { AttemptHeartbeat } from './attempt-heartbeat.js';
import { recordJobEnded } from './record-job-ended.js';

/**
 * What happens to a job (and segment) when an attempt stops early. Resolves when the task is
 * settled and the queue should consider it done; throws to make the queue retry (retryable) or
 * fail it (non-retryable) — always after the database says the same thing:
 *
 * - claim lost (another attempt took over): nothing to do, the other attempt owns the job;
 * - cancel requested: releaseJob ends the job `cancelled` (the acknowledgement), event sent;
 * - worker shutdown: releaseJob puts it back to `queued`; the queue hands it to another worker;
 * - retryable error with tries left: released (segment: back to queued), and the queue retries
 *   with backoff;
 * - otherwise (bad input, or the last try): failJob with the code and message, event sent.
 * What the job records is what its owner reads: for infrastructure codes (a storage or database
 * failure naming internal hosts and paths) the code's title, the full message only in the log.
 *
 * A release that finds a cancel requested since the last heartbeat ends the job `cancelled`:
 * the event is sent and the task settles (nothing is left to retry or hand over).
 *
 * A join holds no claim of its own (it runs under the planner's attempt, which stands for the
 * whole segmented job), so a shutdown or a retryable join failure releases nothing: the queue runs
 * the join again. Releasing the planner's attempt would send the finished segments' job back to
 * `queued`: the join's retry would find it not processing and stop, and the job would wait for
 * the reconciler, re-run the render task (downloading a URL source again) only to find the plan
 * and enqueue the join. A join lost altogether is enqueued again by the reconciler once the job's
 * lease lapses (all segments completed).
 */
export async function settleFailure(input: {
  rt: WorkerRuntime;
  job: Job;
  /** The attempt that holds the job. */
  attemptId: string;
  segment?: { index: number; attemptId: string };
  heartbeat: AttemptHeartbeat | null;
  context: JobContext;
  task: JobName;
  error: unknown;
}): Promise<void> {
  const { rt, job, attemptId, segment } = input;
  const join = input.task === 'join-segments';
  const stop = input.heartbeat?.stopReason() ?? null;
  const log = { jobId: job.id, attemptId, segment: segment?.index, task: input.task };

  if (stop === 'lease-lost') {
    rt.logger.warn(log, 'stopped: this attempt no longer holds the job');
    return;
  }
  if (stop === 'cancel-requested') {
    if (segment)
      await releaseSegment(rt.sql, {
        jobId: job.id,
        index: segment.index,
        attemptId: segment.attemptId,
      });
    const state = await releaseJob(rt.sql, { id: job.id, attemptId });
    rt.logger.info({ ...log, state }, 'cancel acknowledged');
    if (state === 'cancelled') await recordJobEnded({ rt, job, type: 'cancelled' });
    return;
  }
  /**
   * Hands the work back for another try: the segment, or the render's job (a join holds nothing
   * of its own). True when that release found a cancel pending and ended the job, now settled.
   */
  const handBack = async (reason: { code: string; message: string }): Promise<boolean> => {
    if (segment) {
      await releaseSegment(rt.sql, {
        jobId: job.id,
        index: segment.index,
        attemptId: segment.attemptId,
      });
      return false;
    }
    if (join) return false;
    const state = await releaseJob(rt.sql, { id: job.id, attemptId, reason });
    return endedCancelled(input, state);
  };

  if (stop === 'shutdown' || (input.context.signal.aborted && stop === null)) {
    if (await handBack({ code: 'CANCELLED', message: 'Released by a worker shutting down' })) {
      return;
    }
    rt.logger.info(log, 'released for another worker (shutdown)');
    throw toEcgError(input.error);
  }

  const error =
    stop === 'timeout'
      ? ((input.heartbeat?.signal.reason as EcgError | undefined) ?? toEcgError(input.error))
      : toEcgError(input.error);
  const triesLeft =
    input.context.attempt < rt.dispatcher.maxAttempts(input.task) &&
    // A segment or a join is retried on its own tries; the job's claims count whole renders.
    (segment || join ? true : job.attempts < rt.timing.maxJobAttempts);
  rt.metrics.recordFailure();

  if (error.retryable && triesLeft) {
    if (await handBack({ code: error.code, message: publicMessage(error) })) return;
    rt.logger.warn({ ...log, code: error.code, err: error }, 'attempt failed; will retry');
    throw error;
  }

  if (segment) {
    await failSegment(rt.sql, {
      jobId: job.id,
      index: segment.index,
      attemptId: segment.attemptId,
      error: { code: error.code, message: publicMessage(error) },
    });
  }
  const failed = await failJob(rt.sql, {
    id: job.id,
    attemptId,
    error: { code: error.code, message: publicMessage(error) },
  });
  rt.logger.error({ ...log, code: error.code, err: error }, 'job failed');
  if (failed) {
    const after = await getJob(rt.sql, { id: job.id, scope: { kind: 'all' } });
    await recordJobEnded({ rt, job, type: after?.state === 'cancelled' ? 'cancelled' : 'failed' });
  }
  // Final: the queue must not try again whatever the code's usual retryability.
  throw new EcgError(error.code, error.message, {
    cause: error,
    retryable: false,
    details: error.details,
  });
}

/**
 * A release ends the job `cancelled` instead of queuing it again when the user asked to cancel
 * after the attempt's last heartbeat: nothing is left to retry, and the cancel is the job's
 * ending, which its webhook must hear about like any other.
 */
async function endedCancelled(
  input: { rt: WorkerRuntime; job: Job; attemptId: string; task: JobName },
  state: 'queued' | 'cancelled' | null,
): Promise<boolean> {
  if (state !== 'cancelled') return false;
  input.rt.logger.info(
    { jobId: input.job.id, attemptId: input.attemptId, task: input.task },
    'cancel acknowledged',
  );
  await recordJobEnded({ rt: input.rt, job: input.job, type: 'cancelled' });
  return true;
}
