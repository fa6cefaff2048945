import { Queue, type JobsOptions } from 'bullmq';
import { EcgError } from '@ecg-render/errors';
import { defaultJobId } from './default-job-id.js';
import { JOB_NAMES, type JobName, type JobPayloads } from './job-schemas.js';
import { JOB_POLICIES, type JobPolicy } from './job-policies.js';
import { parsePayload } from './parse-payload.js';
import type { RedisConnectionOptions } from './redis-connection-options.js';
import { toBullmqConnection } from './to-bullmq-connection.js';

export interface CreateQueuesOptions {
  connection: RedisConnectionOptions;
  /** Redis key prefix shared by every queue of one deployment (and by its workers). */
  prefix: string;
  /** Retry overrides per job name (defaults: JOB_POLICIES). Stored on each job when it is added. */
  retry?: Partial<Record<JobName, Partial<Pick<JobPolicy, 'attempts' | 'backoffMs' | 'jitter'>>>>;
}

export interface AddJobOptions {
  /** BullMQ job id; default derived from the payload (defaultJobId), which makes adds idempotent. */
  jobId?: string;
  /** Milliseconds before the job may run. */
  delay?: number;
  /** 1 (highest) … 2 097 152; omitted means "before every prioritised job", in FIFO order. */
  priority?: number;
}

export type QueueJobState =
  'waiting' | 'active' | 'delayed' | 'prioritized' | 'completed' | 'failed' | 'waiting-children';

export interface QueueCounts {
  /** Waiting to run, prioritised ones included. */
  waiting: number;
  active: number;
  delayed: number;
  failed: number;
}

export interface Queues {
  /**
   * Adds a job; returns its id. Idempotent per id: while a job with the id exists in the queue
   * (in any state, completed and failed included, until removed) adding it again does nothing.
   */
  add<N extends JobName>(
    name: N,
    payload: JobPayloads[N],
    options?: AddJobOptions,
  ): Promise<string>;
  /**
   * Makes sure the job will run: does nothing if it is waiting, delayed or active, and replaces a
   * completed or failed one. For the reconciler, which enqueues only what the database says must
   * run, and must not be stopped by a stale finished copy left in Redis.
   */
  requeue<N extends JobName>(
    name: N,
    payload: JobPayloads[N],
    options?: AddJobOptions,
  ): Promise<string>;
  /** The job's state, or null when the queue has no such job. */
  getState(name: JobName, jobId: string): Promise<QueueJobState | null>;
  /** Removes a job that is not running; returns false if there was none or it is active (locked). */
  remove(name: JobName, jobId: string): Promise<boolean>;
  /** Runs `reconcile` every `everyMs` (one scheduler per deployment, however many processes call it). */
  scheduleReconcile(options: { everyMs: number }): Promise<void>;
  /** Queue depths for metrics and readiness. */
  counts(): Promise<Record<JobName, QueueCounts>>;
  /** Throws QUEUE_UNAVAILABLE unless Redis answers (for /ready). */
  check(): Promise<void>;
  close(): Promise<void>;
}

/** Keep finished jobs a while: for the dashboard, and so a late duplicate add stays a no-op. */
const KEEP_COMPLETED = { age: 24 * 3600, count: 1000 };
const KEEP_FAILED = { age: 7 * 24 * 3600, count: 5000 };
const CHECK_TIMEOUT_MS = 3_000;

/** The producer side: one BullMQ Queue per job name, all under one prefix. */
export function createQueues(options: CreateQueuesOptions): Queues {
  const connection = toBullmqConnection(options.connection);
  const queues = Object.fromEntries(
    JOB_NAMES.map((name) => {
      const policy = { ...JOB_POLICIES[name], ...options.retry?.[name] };
      const defaultJobOptions: JobsOptions = {
        attempts: policy.attempts,
        ...(policy.backoffMs > 0 && {
          backoff: { type: 'exponential', delay: policy.backoffMs, jitter: policy.jitter },
        }),
        removeOnComplete: KEEP_COMPLETED,
        removeOnFail: KEEP_FAILED,
      };
      return [name, new Queue(name, { connection, prefix: options.prefix, defaultJobOptions })];
    }),
  ) as Record<JobName, Queue>;

  const unavailable = (error: unknown, op: string, name?: JobName): EcgError =>
    error instanceof EcgError
      ? error
      : new EcgError(
          'QUEUE_UNAVAILABLE',
          `Queue ${op}${name ? ` on ${name}` : ''} failed: ${(error as Error)?.message ?? String(error)}`,
          {
            cause: error,
            details: { op, ...(name && { queue: name }) },
          },
        );

  const add = async <N extends JobName>(
    name: N,
    payload: JobPayloads[N],
    addOptions: AddJobOptions = {},
  ): Promise<string> => {
    const data = parsePayload(name, payload);
    const jobId = addOptions.jobId ?? defaultJobId(name, data);
    try {
      const job = await queues[name].add(name, data, {
        ...(jobId !== undefined && { jobId }),
        ...(addOptions.delay !== undefined && { delay: addOptions.delay }),
        ...(addOptions.priority !== undefined && { priority: addOptions.priority }),
      });
      return job.id ?? jobId ?? '';
    } catch (error) {
      if (error instanceof Error && /Custom Id|Priority/.test(error.message)) {
        throw new EcgError('INVALID_REQUEST', error.message, {
          cause: error,
          details: { queue: name, jobId },
        });
      }
      throw unavailable(error, 'add', name);
    }
  };

  const getState = async (name: JobName, jobId: string): Promise<QueueJobState | null> => {
    try {
      const state = await queues[name].getJobState(jobId);
      return state === 'unknown' ? null : state;
    } catch (error) {
      throw unavailable(error, 'getState', name);
    }
  };

  return {
    add,

    async requeue(name, payload, addOptions = {}) {
      const jobId = addOptions.jobId ?? defaultJobId(name, parsePayload(name, payload));
      if (jobId !== undefined) {
        const state = await getState(name, jobId);
        if (state === 'completed' || state === 'failed') {
          try {
            await queues[name].remove(jobId);
          } catch (error) {
            throw unavailable(error, 'requeue', name);
          }
        }
      }
      return add(name, payload, addOptions);
    },

    getState,

    async remove(name, jobId) {
      try {
        // BullMQ refuses (returns 0) to remove a job whose lock a worker holds.
        return (await queues[name].remove(jobId)) === 1;
      } catch (error) {
        throw unavailable(error, 'remove', name);
      }
    },

    async scheduleReconcile({ everyMs }) {
      try {
        await queues.reconcile.upsertJobScheduler(
          'reconcile',
          { every: everyMs },
          { name: 'reconcile', data: {} },
        );
      } catch (error) {
        throw unavailable(error, 'scheduleReconcile', 'reconcile');
      }
    },

    async counts() {
      try {
        const entries = await Promise.all(
          JOB_NAMES.map(async (name) => {
            const c = await queues[name].getJobCounts(
              'waiting',
              'prioritized',
              'active',
              'delayed',
              'failed',
            );
            const counts: QueueCounts = {
              waiting: (c.waiting ?? 0) + (c.prioritized ?? 0),
              active: c.active ?? 0,
              delayed: c.delayed ?? 0,
              failed: c.failed ?? 0,
            };
            return [name, counts] as const;
          }),
        );
        return Object.fromEntries(entries) as Record<JobName, QueueCounts>;
      } catch (error) {
        throw unavailable(error, 'counts');
      }
    },

    async check() {
      // A real round trip; bounded, because while Redis is down ioredis queues commands and keeps
      // reconnecting rather than failing, and a readiness probe must answer promptly.
      let timer: NodeJS.Timeout | undefined;
      try {
        await Promise.race([
          queues.render.getJobCounts('active'),
          new Promise((_, reject) => {
            timer = setTimeout(
              () => reject(new Error(`Redis did not answer within ${CHECK_TIMEOUT_MS} ms`)),
              CHECK_TIMEOUT_MS,
            );
          }),
        ]);
      } catch (error) {
        throw unavailable(error, 'check');
      } finally {
        clearTimeout(timer);
      }
    },

    async close() {
      await Promise.all(JOB_NAMES.map((name) => queues[name].close()));
    },
  };
}
