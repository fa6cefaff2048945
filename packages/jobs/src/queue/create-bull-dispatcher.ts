import { EcgError } from '@ecg-render/errors';
import {
  createQueues,
  JOB_POLICIES,
  startWorkers,
  type CreateQueuesOptions,
  type JobName,
  type JobPayloads,
  type RedisConnectionOptions,
  type StalledJobSettings,
} from '@ecg-render/queue';
import type { RuntimeDispatcher } from './dispatcher.js';

export interface BullDispatcherOptions {
  connection: RedisConnectionOptions;
  /** Redis key prefix of the deployment (every API and worker process uses the same). */
  prefix: string;
  /** Retry overrides per job name (defaults: packages/queue JOB_POLICIES). */
  retry?: CreateQueuesOptions['retry'];
  /** Lock and stalled-job settings for consumers (defaults: packages/queue). */
  stalled?: StalledJobSettings;
  /**
   * Longest an enqueue waits while Redis is unreachable (ioredis queues commands and reconnects
   * rather than failing). Default 5 000 ms; then QUEUE_UNAVAILABLE, and the database-driven
   * reconciler enqueues the work once Redis is back.
   */
  enqueueTimeoutMs?: number;
  workerName?: string;
}

/** The distributed dispatcher: BullMQ on Redis through packages/queue. */
export function createBullDispatcher(options: BullDispatcherOptions): RuntimeDispatcher {
  const queues = createQueues({
    connection: options.connection,
    prefix: options.prefix,
    ...(options.retry && { retry: options.retry }),
  });
  const timeoutMs = options.enqueueTimeoutMs ?? 5_000;

  // requeue, not add: a finished copy left in Redis (kept a day for the dashboard) must not turn
  // an enqueue into a no-op, e.g. after a job was released for another attempt.
  const enqueue = async <N extends JobName>(name: N, payload: JobPayloads[N]): Promise<void> => {
    let timer: NodeJS.Timeout | undefined;
    try {
      await Promise.race([
        queues.requeue(name, payload),
        new Promise<never>((_, reject) => {
          timer = setTimeout(
            () =>
              reject(
                new EcgError(
                  'QUEUE_UNAVAILABLE',
                  `Redis did not take ${name} within ${timeoutMs} ms`,
                ),
              ),
            timeoutMs,
          );
        }),
      ]);
    } finally {
      clearTimeout(timer);
    }
  };

  return {
    kind: 'bullmq',
    enqueueRender: (jobId) => enqueue('render', { jobId }),
    enqueueSegment: (jobId, segmentIndex) => enqueue('render-segment', { jobId, segmentIndex }),
    enqueueJoin: (jobId) => enqueue('join-segments', { jobId }),
    enqueueWebhook: (deliveryId) => enqueue('webhook', { deliveryId }),
    counts: () => queues.counts(),
    close: () => queues.close(),
    maxAttempts: (name) => options.retry?.[name]?.attempts ?? JOB_POLICIES[name].attempts,
    async consume(consumeOptions) {
      const stalled = lockOutlivingLease(options.stalled, consumeOptions.claimLease);
      return startWorkers({
        connection: options.connection,
        prefix: options.prefix,
        handlers: consumeOptions.handlers,
        ...(consumeOptions.concurrency && { concurrency: consumeOptions.concurrency }),
        ...(stalled && { stalled }),
        ...(options.workerName && { workerName: options.workerName }),
        ...(consumeOptions.onError && { onError: consumeOptions.onError }),
      });
    },
  };
}

/**
 * The lock settings that make a dead worker's task reappear only after its database claim lapsed.
 * The lock is renewed as often as the claim and lasts one renewal (plus a second of slack for
 * timers and round trips) longer than the lease: however the last renewals of each were timed
 * when the worker died, the lock runs out after the lease. A longer configured lock is kept (and
 * renewed as often, for the same guarantee).
 */
function lockOutlivingLease(
  configured: StalledJobSettings | undefined,
  lease: { leaseMs: number; renewMs: number } | undefined,
): StalledJobSettings | undefined {
  if (lease === undefined) return configured;
  return {
    ...configured,
    lockDurationMs: Math.max(
      configured?.lockDurationMs ?? 0,
      lease.leaseMs + lease.renewMs + 1_000,
    ),
    lockRenewMs: Math.min(configured?.lockRenewMs ?? lease.renewMs, lease.renewMs),
  };
}
