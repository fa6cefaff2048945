import { hostname } from 'node:os';
import { setTimeout as sleep } from 'node:timers/promises';
import { UnrecoverableError, WaitingError, Worker, type Job } from 'bullmq';
import { EcgError, toEcgError } from '@ecg-render/errors';
import { formatFailedReason } from './failed-reason.js';
import type { JobHandler, JobHandlers } from './job-handler.js';
import { JOB_NAMES, type JobName } from './job-schemas.js';
import { JOB_POLICIES } from './job-policies.js';
import { parsePayload } from './parse-payload.js';
import type { RedisConnectionOptions } from './redis-connection-options.js';
import { toBullmqConnection } from './to-bullmq-connection.js';

export interface StalledJobSettings {
  /**
   * How long a worker's claim on a job lasts without renewal; renewed every half of it while the
   * job runs. A worker that dies (SIGKILL, lost machine) stops renewing, and once the claim lapses
   * the next stalled check of any live worker moves the job back to waiting. Default 30 000 ms:
   * a render keeps Node's event loop free (Chromium and FFmpeg are child processes), so renewals
   * are never late, and a dead worker's job restarts within about a minute.
   */
  lockDurationMs?: number;
  /**
   * How often a running job's claim is renewed. Default half of lockDurationMs (BullMQ's). A
   * claim that must outlive something else by a known margin (the worker's database lease) is
   * renewed more often, so its expiry after a crash is known to within this much.
   */
  lockRenewMs?: number;
  /** How often each worker looks for jobs whose claim lapsed. Default 30 000 ms. */
  stalledIntervalMs?: number;
  /**
   * How many times one job may be recovered from a dead worker before it fails as stalled.
   * Default 2 (BullMQ's is 1): losing two workers mid-render is rare, and a third run is cheap
   * next to losing the job. Stalls do not use up retry attempts.
   */
  maxStalledCount?: number;
}

export interface StartWorkersOptions {
  connection: RedisConnectionOptions;
  /** The same prefix the producers (createQueues) use. */
  prefix: string;
  handlers: JobHandlers;
  /** Jobs run at once per job name in this process. Defaults: JOB_POLICIES. */
  concurrency?: Partial<Record<JobName, number>>;
  stalled?: StalledJobSettings;
  /** Shown on jobs as the worker that ran them. Default `<hostname>:<pid>`. */
  workerName?: string;
  /**
   * Errors BullMQ reports outside any one job (lost Redis connection, failed lock renewal). They
   * are also retried internally; this is for logs. Default: one line on stderr.
   */
  onError?: (error: Error, queue: JobName) => void;
}

export interface CloseWorkersOptions {
  /** How long active jobs may run on before they are released. Default 30 000 ms; 0 releases at once. */
  timeoutMs?: number;
  /**
   * After release is asked for (their signals abort), how long handlers get to stop. Default
   * 5 000 ms. A handler that ignores its signal is then abandoned: its job keeps a claim that
   * lapses after lockDurationMs, and another worker's stalled check takes it over.
   */
  releaseGraceMs?: number;
}

export interface Workers {
  /** Aborts the signal of job `jobId` of `name` if it runs here; the job fails as CANCELLED. */
  cancel(name: JobName, jobId: string): boolean;
  /** Jobs running in this process now. */
  activeCount(): number;
  /**
   * Stops taking jobs, lets active ones finish within `timeoutMs`, then releases the rest back to
   * waiting (no attempt used up) so another worker takes them. Safe to call more than once.
   */
  close(options?: CloseWorkersOptions): Promise<void>;
}

/** Abort reasons, as given to BullMQ's per-job AbortController and read back on failure. */
const SHUTDOWN = 'ecg-render:shutdown';
const CANCELLED = 'ecg-render:cancelled';

/**
 * The consumer side: one BullMQ Worker per job name. Refuses to start unless every job name has a
 * handler, so a deployment never accepts work that nothing can run.
 */
export async function startWorkers(options: StartWorkersOptions): Promise<Workers> {
  const missing = JOB_NAMES.filter((name) => typeof options.handlers?.[name] !== 'function');
  const unknown = Object.keys(options.handlers ?? {}).filter(
    (name) => !(JOB_NAMES as readonly string[]).includes(name),
  );
  if (missing.length > 0 || unknown.length > 0) {
    throw new EcgError(
      'CONFIG_INVALID',
      [
        missing.length > 0 && `no handler for job(s) ${missing.join(', ')}`,
        unknown.length > 0 && `handler(s) for unknown job(s) ${unknown.join(', ')}`,
      ]
        .filter(Boolean)
        .join('; '),
      { details: { missing, unknown } },
    );
  }

  const connection = toBullmqConnection(options.connection);
  const onError =
    options.onError ??
    ((error: Error, queue: JobName) => process.stderr.write(`[queue:${queue}] ${error.message}\n`));
  const active = new Set<Promise<void>>();

  const processorFor =
    <N extends JobName>(name: N, handler: JobHandler<N>) =>
    // Three declared parameters: BullMQ hands a job its AbortSignal only when the processor
    // function's arity says it takes one.
    async (job: Job, token: string | undefined, signal: AbortSignal | undefined): Promise<void> => {
      const controller = new AbortController();
      const forward = (): void => {
        const shutdown = signal?.reason === SHUTDOWN;
        controller.abort(
          new EcgError(
            'CANCELLED',
            shutdown ? 'The worker is shutting down' : 'The job was cancelled',
            {
              details: { reason: shutdown ? 'shutdown' : 'cancelled' },
            },
          ),
        );
      };
      if (signal?.aborted) forward();
      else signal?.addEventListener('abort', forward, { once: true });

      let done!: () => void;
      const tracker = new Promise<void>((resolve) => (done = resolve));
      active.add(tracker);
      try {
        const payload = parsePayload(name, job.data);
        await handler(payload, {
          signal: controller.signal,
          attempt: job.attemptsMade + 1,
          jobId: job.id ?? '',
          updateProgress: (progress) => job.updateProgress(progress),
        });
      } catch (error) {
        if (signal?.reason === SHUTDOWN && token) {
          // Released, not failed: straight back to waiting for another worker, no attempt used.
          // WaitingError tells BullMQ the job has been moved already.
          await job.moveToWait(token);
          throw new WaitingError();
        }
        const failure =
          signal?.reason === CANCELLED
            ? new EcgError('CANCELLED', 'The job was cancelled', { cause: error })
            : toEcgError(error);
        const reason = formatFailedReason(failure);
        // UnrecoverableError makes BullMQ fail the job now, whatever attempts are left.
        if (!failure.retryable) throw new UnrecoverableError(reason);
        throw new Error(reason, { cause: error });
      } finally {
        signal?.removeEventListener('abort', forward);
        active.delete(tracker);
        done();
      }
    };

  const stalled = options.stalled ?? {};
  const workers = new Map<JobName, Worker>();
  for (const name of JOB_NAMES) {
    const handler = options.handlers[name] as JobHandler<typeof name>;
    const worker = new Worker(name, processorFor(name, handler), {
      connection,
      prefix: options.prefix,
      name: options.workerName ?? `${hostname()}:${process.pid}`,
      concurrency: options.concurrency?.[name] ?? JOB_POLICIES[name].concurrency,
      lockDuration: stalled.lockDurationMs ?? 30_000,
      ...(stalled.lockRenewMs !== undefined && { lockRenewTime: stalled.lockRenewMs }),
      stalledInterval: stalled.stalledIntervalMs ?? 30_000,
      maxStalledCount: stalled.maxStalledCount ?? 2,
    });
    // An EventEmitter 'error' with no listener would crash the process.
    worker.on('error', (error) => onError(error, name));
    workers.set(name, worker);
  }
  try {
    await Promise.all([...workers.values()].map((worker) => worker.waitUntilReady()));
  } catch (error) {
    await Promise.allSettled([...workers.values()].map((worker) => worker.close(true)));
    throw new EcgError(
      'QUEUE_UNAVAILABLE',
      `Workers could not connect to Redis: ${(error as Error).message}`,
      {
        cause: error,
      },
    );
  }

  /** Resolves true once no job runs here, false if `ms` passes first. */
  const idleWithin = async (ms: number): Promise<boolean> => {
    const deadline = Date.now() + ms;
    while (active.size > 0) {
      const left = deadline - Date.now();
      if (left <= 0) return false;
      const timeout = new AbortController();
      await Promise.race([
        Promise.allSettled([...active]),
        sleep(left, undefined, { signal: timeout.signal }).catch(() => undefined),
      ]);
      timeout.abort();
    }
    return true;
  };

  let closing: Promise<void> | undefined;
  return {
    cancel(name, jobId) {
      return workers.get(name)?.cancelJob(jobId, CANCELLED) ?? false;
    },
    activeCount: () => active.size,
    close(closeOptions = {}) {
      closing ??= (async () => {
        const all = [...workers.values()];
        // Stop fetching first; active jobs keep running (and keep their locks renewed).
        await Promise.all(all.map((worker) => worker.pause(true)));
        let idle = await idleWithin(closeOptions.timeoutMs ?? 30_000);
        if (!idle) {
          for (const worker of all) worker.cancelAllJobs(SHUTDOWN);
          idle = await idleWithin(closeOptions.releaseGraceMs ?? 5_000);
        }
        // Force only when a handler would not stop: waiting for it would hang the shutdown.
        await Promise.all(all.map((worker) => worker.close(!idle)));
      })();
      return closing;
    },
  };
}
