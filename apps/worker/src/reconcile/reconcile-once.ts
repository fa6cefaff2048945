import {
  failJob,
  failSegment,
  findDueWebhookDeliveries,
  findEndedJobsWithoutEvent,
  findQueuedJobs,
  findStaleJobs,
  heartbeatJob,
  listSegments,
  releaseJob,
  type Job,
  type ScanCursor,
} from '@ecg-render/db';
import { jobStorageKeys, recordJobEvent } from '@ecg-render/jobs';
import type { WorkerRuntime } from '../worker-runtime.js';
import { enqueueQuietly } from '../tasks/enqueue-quietly.js';
import { outputDownloadUrl } from '../tasks/output-download-url.js';
import { recordJobEnded } from '../tasks/record-job-ended.js';
import { scanPages } from './scan-pages.js';

export interface ReconcileReport {
  requeued: string[];
  released: string[];
  failed: string[];
  segmentsRequeued: string[];
  joinsRequeued: string[];
  /** Jobs whose ending event (completed, failed, cancelled) this pass recorded for them. */
  endingsRecorded: string[];
  webhooksRequeued: number;
}

/**
 * How long after a job ended the reconciler starts looking for its missing ending event: the
 * one who ended it records the event right after, and must not be raced (its `completed` link is
 * presigned; the reconciler's may have to be the API's route).
 */
const ENDING_EVENT_GRACE_SECONDS = 60;
/**
 * How far back it looks: the scan stays on recent rows (jobs_ended_with_webhook), and an outage
 * longer than a day is one for an operator, not a reason to scan every job ever finished.
 */
const ENDING_EVENT_WINDOW_SECONDS = 24 * 60 * 60;

/**
 * Where each scan stopped when a pass ran out of its row budget. A worker keeps one for all its
 * passes, so the next pass goes on from there; null starts at the first row.
 */
export interface ReconcileCursors {
  stale: ScanCursor | null;
  queued: ScanCursor | null;
  ended: ScanCursor | null;
}

export interface ReconcileOptions {
  /** Default `queuedGraceSeconds` (0 at a worker's start: every queued job). */
  queuedOlderThanSeconds?: number;
  /** Kept between passes (default: a fresh one, i.e. every scan starts at its first row). */
  cursors?: ReconcileCursors;
  /** Rows read per query. Default 100. */
  pageSize?: number;
  /**
   * Rows each scan handles in one pass, so a pass over a huge backlog still ends (and passes do
   * not pile up on the interval); the rest are reached on the next passes. Default 5 000.
   */
  maxRowsPerScan?: number;
}

/**
 * Makes the queue agree with the database, the source of truth (any number of workers may run
 * this at once: every write is conditional):
 *
 * - a processing job whose heartbeat stopped (its worker died or hung) goes back to `queued`
 *   with its attempt cleared — or fails with WORKER_LOST once it has been claimed
 *   `maxJobAttempts` times — and is enqueued again;
 * - a segmented job is not one worker's: while its segments wait in the queue or render, this
 *   renews its lease on their behalf, re-enqueues segments that are queued or whose holder's lease
 *   lapsed, enqueues the join when all are done, acknowledges a pending cancel, and fails the job
 *   when one of its segments failed;
 * - queued jobs older than `queuedGraceSeconds` are enqueued again (a no-op when the queue still
 *   has them; the queue may have lost them, e.g. Redis restarted without persistence);
 * - a job with a webhook that ended a minute or more ago (within a day) without its ending event
 *   gets it now: the write of the event right after the one that ended the job may have failed,
 *   and the task's retry finds a finished job and stops (the event id is stable, so this is
 *   harmless if the original shows up after all);
 * - webhook deliveries that are due are enqueued again.
 */
export async function reconcileOnce(
  rt: WorkerRuntime,
  options: ReconcileOptions = {},
): Promise<ReconcileReport> {
  const report: ReconcileReport = {
    requeued: [],
    released: [],
    failed: [],
    segmentsRequeued: [],
    joinsRequeued: [],
    endingsRecorded: [],
    webhooksRequeued: 0,
  };
  const cursors = options.cursors ?? { stale: null, queued: null, ended: null };
  const budget = {
    pageSize: options.pageSize ?? 100,
    maxRows: options.maxRowsPerScan ?? 5_000,
  };

  cursors.stale = await scanPages({
    ...budget,
    start: cursors.stale,
    page: (after, limit) =>
      findStaleJobs(rt.sql, {
        heartbeatOlderThanSeconds: rt.timing.staleAfterSeconds,
        limit,
        after,
      }),
    each: async (job) => {
      if (job.attemptId === null) return;
      const segments = await listSegments(rt.sql, job.id);
      if (segments.length > 0) await adoptSegmentedJob(rt, job, job.attemptId, report);
      else await recoverJob(rt, job, job.attemptId, report);
    },
  });

  // Enqueuing leaves a job queued: without the cursor every pass would re-add the same oldest
  // page (no-ops while the queue has them) and never reach the rest of a lost backlog.
  const olderThanSeconds = options.queuedOlderThanSeconds ?? rt.timing.queuedGraceSeconds;
  cursors.queued = await scanPages({
    ...budget,
    start: cursors.queued,
    page: (after, limit) => findQueuedJobs(rt.sql, { olderThanSeconds, limit, after }),
    each: async (job) => {
      if (await enqueueQuietly(rt, () => rt.dispatcher.enqueueRender(job.id), { jobId: job.id })) {
        report.requeued.push(job.id);
      }
    },
  });

  cursors.ended = await scanPages({
    ...budget,
    start: cursors.ended,
    page: (after, limit) =>
      findEndedJobsWithoutEvent(rt.sql, {
        endedMoreThanSecondsAgo: ENDING_EVENT_GRACE_SECONDS,
        endedWithinSeconds: ENDING_EVENT_WINDOW_SECONDS,
        limit,
        after,
      }),
    each: (job) => recordMissingEnding(rt, job, report),
  });

  for (const delivery of await findDueWebhookDeliveries(rt.sql)) {
    if (
      await enqueueQuietly(rt, () => rt.dispatcher.enqueueWebhook(delivery.eventId), {
        deliveryId: delivery.eventId,
      })
    ) {
      report.webhooksRequeued += 1;
    }
  }
  if (
    report.released.length +
      report.failed.length +
      report.segmentsRequeued.length +
      report.joinsRequeued.length +
      report.endingsRecorded.length >
    0
  ) {
    rt.logger.info({ ...report, requeued: report.requeued.length }, 'reconciled');
  }
  return report;
}

/**
 * Records the ending event of a job that ended without one, timed when it ended, and removes the
 * scratch of a segmented job, which the ending's own path would have removed after the event.
 */
async function recordMissingEnding(
  rt: WorkerRuntime,
  job: Job,
  report: ReconcileReport,
): Promise<void> {
  if (job.state !== 'completed' && job.state !== 'failed' && job.state !== 'cancelled') return;
  const recorded = await recordJobEvent({
    sql: rt.sql,
    dispatcher: rt.dispatcher,
    job,
    type: job.state,
    ...(job.finishedAt !== null && { at: job.finishedAt }),
    ...(job.state === 'completed' &&
      job.output !== null && {
        downloadUrl: await outputDownloadUrl({ rt, job, key: job.output.key }),
      }),
  });
  if (recorded?.created) {
    report.endingsRecorded.push(job.id);
    rt.logger.warn({ jobId: job.id, state: job.state }, 'recorded a missing ending event');
  }
  await rt.storage.deletePrefix(jobStorageKeys.workPrefix(job.id)).catch((error: unknown) => {
    rt.logger.warn({ jobId: job.id, err: error }, 'could not remove the job scratch');
  });
}

async function recoverJob(
  rt: WorkerRuntime,
  job: Job,
  attemptId: string,
  report: ReconcileReport,
): Promise<void> {
  if (job.attempts >= rt.timing.maxJobAttempts) {
    const error = {
      code: 'WORKER_LOST',
      message: `The worker running this job stopped responding (${job.attempts} attempts)`,
    };
    if (await failJob(rt.sql, { id: job.id, attemptId, error })) {
      report.failed.push(job.id);
      await recordJobEnded({ rt, job, type: 'failed' });
    }
    return;
  }
  const state = await releaseJob(rt.sql, {
    id: job.id,
    attemptId,
    reason: {
      code: 'WORKER_LOST',
      message: `Worker ${job.workerId ?? '?'} stopped responding; retrying`,
    },
  });
  if (state === 'queued') {
    report.released.push(job.id);
    await enqueueQuietly(rt, () => rt.dispatcher.enqueueRender(job.id), { jobId: job.id });
  } else if (state === 'cancelled') {
    await recordJobEnded({ rt, job, type: 'cancelled' });
  }
}

async function adoptSegmentedJob(
  rt: WorkerRuntime,
  job: Job,
  attemptId: string,
  report: ReconcileReport,
): Promise<void> {
  const beat = await heartbeatJob(rt.sql, {
    id: job.id,
    attemptId,
    leaseSeconds: rt.timing.leaseSeconds,
  });
  if (!beat.accepted) return; // finished or taken over meanwhile
  if (beat.cancelRequested) {
    if ((await releaseJob(rt.sql, { id: job.id, attemptId })) === 'cancelled') {
      await recordJobEnded({ rt, job, type: 'cancelled' });
    }
    return;
  }
  const segments = await listSegments(rt.sql, job.id);
  // A failed segment is final (a retryable failure puts it back to queued), so its job has failed
  // too — unless the failJob after failSegment never happened (the database went away between
  // the two). Left alone, the segment is neither re-enqueued nor joined, and this renewal would
  // keep the job "processing" forever.
  const failedSegment = segments.find((s) => s.state === 'failed');
  if (failedSegment !== undefined) {
    const error = {
      code: failedSegment.errorCode ?? 'INTERNAL',
      message: failedSegment.errorMessage ?? `Segment ${failedSegment.index} failed`,
    };
    if (await failJob(rt.sql, { id: job.id, attemptId, error })) {
      report.failed.push(job.id);
      await recordJobEnded({ rt, job, type: 'failed' });
    }
    return;
  }
  const now = Date.now();
  for (const segment of segments) {
    const lapsed =
      segment.state === 'processing' &&
      (segment.leaseExpiresAt === null || segment.leaseExpiresAt.getTime() < now);
    if (lapsed && segment.attempts >= rt.timing.maxJobAttempts && segment.attemptId !== null) {
      const error = {
        code: 'WORKER_LOST',
        message: `Workers rendering segment ${segment.index} stopped responding (${segment.attempts} attempts)`,
      };
      await failSegment(rt.sql, {
        jobId: job.id,
        index: segment.index,
        attemptId: segment.attemptId,
        error,
      });
      if (await failJob(rt.sql, { id: job.id, attemptId, error })) {
        report.failed.push(job.id);
        await recordJobEnded({ rt, job, type: 'failed' });
      }
      return;
    }
    if (segment.state === 'queued' || lapsed) {
      if (
        await enqueueQuietly(rt, () => rt.dispatcher.enqueueSegment(job.id, segment.index), {
          jobId: job.id,
        })
      ) {
        report.segmentsRequeued.push(`${job.id}.${segment.index}`);
      }
    }
  }
  if (segments.every((s) => s.state === 'completed')) {
    if (await enqueueQuietly(rt, () => rt.dispatcher.enqueueJoin(job.id), { jobId: job.id })) {
      report.joinsRequeued.push(job.id);
    }
  }
}
