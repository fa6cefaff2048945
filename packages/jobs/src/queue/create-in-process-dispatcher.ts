import { EcgError, isEcgError } from '@ecg-render/errors';
import {
  defaultJobId,
  JOB_NAMES,
  JOB_POLICIES,
  parsePayload,
  type JobHandler,
  type JobHandlers,
  type JobName,
  type JobPayloads,
  type JobPolicy,
} from '@ecg-render/queue';
import type { ConsumeOptions, QueueCounts, RuntimeDispatcher, TaskConsumer } from './dispatcher.js';

export interface InProcessDispatcherOptions {
  /**
   * Tasks run at once: a number sets render and render-segment (MAX_CONCURRENT_JOBS); per name
   * otherwise. Defaults: packages/queue JOB_POLICIES. `consume` may override it.
   */
  concurrency?: number | Partial<Record<JobName, number>>;
  /** Retry overrides per name (attempts, backoffMs, jitter); defaults JOB_POLICIES. */
  retry?: Partial<Record<JobName, Partial<Pick<JobPolicy, 'attempts' | 'backoffMs' | 'jitter'>>>>;
}

interface Task {
  key: string;
  name: JobName;
  id: string;
  payload: unknown;
  /** The try this is (1 = first). */
  attempt: number;
  state: 'waiting' | 'delayed' | 'active';
  timer?: NodeJS.Timeout;
  controller?: AbortController;
}

const shutdownReason = (): EcgError =>
  new EcgError('CANCELLED', 'The worker is shutting down', { details: { reason: 'shutdown' } });

/**
 * Standalone mode's queue: in memory, in this process, with BullMQ's semantics as packages/queue
 * sets them up (so the worker runtime is the same code in both modes): idempotent adds by id,
 * per-name concurrency, retries with exponential backoff and jitter, immediate failure for
 * non-retryable EcgErrors, and release on shutdown without using up an attempt. Nothing survives
 * the process: the database-driven reconciler re-enqueues queued jobs at the next start.
 */
export function createInProcessDispatcher(
  options: InProcessDispatcherOptions = {},
): RuntimeDispatcher {
  const tasks = new Map<string, Task>();
  const failed = Object.fromEntries(JOB_NAMES.map((n) => [n, 0])) as Record<JobName, number>;
  const policy = (name: JobName): JobPolicy => ({
    ...JOB_POLICIES[name],
    ...options.retry?.[name],
  });
  const baseConcurrency: Partial<Record<JobName, number>> =
    typeof options.concurrency === 'number'
      ? { render: options.concurrency, 'render-segment': options.concurrency }
      : (options.concurrency ?? {});
  let concurrency = baseConcurrency;
  let handlers: JobHandlers | null = null;
  let onError: ConsumeOptions['onError'];
  let paused = false;
  let closed = false;
  const running = new Set<Promise<void>>();

  const activeOf = (name: JobName): number =>
    [...tasks.values()].filter((t) => t.name === name && t.state === 'active').length;

  const pump = (): void => {
    if (!handlers || paused || closed) return;
    for (const name of JOB_NAMES) {
      const limit = concurrency[name] ?? JOB_POLICIES[name].concurrency;
      for (const task of tasks.values()) {
        if (activeOf(name) >= limit) break;
        if (task.name === name && task.state === 'waiting') start(task);
      }
    }
  };

  const start = (task: Task): void => {
    const handler = handlers![task.name] as JobHandler<JobName>;
    const controller = new AbortController();
    task.state = 'active';
    task.controller = controller;
    const run = (async () => {
      try {
        await handler(parsePayload(task.name, task.payload), {
          signal: controller.signal,
          attempt: task.attempt,
          jobId: task.id,
          updateProgress: () => Promise.resolve(),
        });
        tasks.delete(task.key);
      } catch (error) {
        settleFailure(task, error);
      }
    })();
    running.add(run);
    void run.finally(() => {
      running.delete(run);
      pump();
    });
  };

  const settleFailure = (task: Task, error: unknown): void => {
    const controller = task.controller;
    delete task.controller;
    if (controller?.signal.aborted && isShutdown(controller.signal.reason)) {
      // Released: waiting again, attempt not used (lost with the process if it exits now).
      task.state = 'waiting';
      return;
    }
    const { attempts, backoffMs, jitter } = policy(task.name);
    const retryable = !isEcgError(error) || error.retryable;
    if (!retryable || task.attempt >= attempts) {
      tasks.delete(task.key);
      failed[task.name] += 1;
      return;
    }
    // BullMQ's exponential backoff: base × 2^(tries made − 1), minus up to `jitter` of it.
    const delay = backoffMs * 2 ** (task.attempt - 1) * (1 - jitter * Math.random());
    task.attempt += 1;
    task.state = 'delayed';
    task.timer = setTimeout(() => {
      delete task.timer;
      task.state = 'waiting';
      pump();
    }, delay);
  };

  const enqueue = <N extends JobName>(name: N, payload: JobPayloads[N]): Promise<void> => {
    if (closed) {
      return Promise.reject(new EcgError('QUEUE_UNAVAILABLE', 'The in-process queue is closed'));
    }
    const data = parsePayload(name, payload);
    const id = defaultJobId(name, data) ?? `${name}-${tasks.size}`;
    const key = `${name}/${id}`;
    if (!tasks.has(key)) {
      tasks.set(key, { key, name, id, payload: data, attempt: 1, state: 'waiting' });
      queueMicrotask(pump);
    }
    return Promise.resolve();
  };

  const idleWithin = async (ms: number): Promise<boolean> => {
    const deadline = Date.now() + ms;
    while (running.size > 0) {
      const left = deadline - Date.now();
      if (left <= 0) return false;
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([
        Promise.allSettled([...running]),
        new Promise((resolve) => (timer = setTimeout(resolve, left))),
      ]);
      clearTimeout(timer);
    }
    return true;
  };

  return {
    kind: 'in-process',
    enqueueRender: (jobId) => enqueue('render', { jobId }),
    enqueueSegment: (jobId, segmentIndex) => enqueue('render-segment', { jobId, segmentIndex }),
    enqueueJoin: (jobId) => enqueue('join-segments', { jobId }),
    enqueueWebhook: (deliveryId) => enqueue('webhook', { deliveryId }),
    maxAttempts: (name) => policy(name).attempts,
    counts() {
      const counts = Object.fromEntries(
        JOB_NAMES.map((name) => {
          const mine = [...tasks.values()].filter((t) => t.name === name);
          const count = (state: Task['state']): number =>
            mine.filter((t) => t.state === state).length;
          return [
            name,
            {
              waiting: count('waiting'),
              active: count('active'),
              delayed: count('delayed'),
              failed: failed[name],
            },
          ];
        }),
      ) as QueueCounts;
      return Promise.resolve(counts);
    },
    consume(consumeOptions): Promise<TaskConsumer> {
      if (handlers) {
        return Promise.reject(
          new EcgError('CONFIG_INVALID', 'The in-process queue already has a consumer'),
        );
      }
      const missing = JOB_NAMES.filter(
        (name) => typeof consumeOptions.handlers[name] !== 'function',
      );
      if (missing.length > 0) {
        return Promise.reject(
          new EcgError('CONFIG_INVALID', `no handler for job(s) ${missing.join(', ')}`, {
            details: { missing },
          }),
        );
      }
      handlers = consumeOptions.handlers;
      onError = consumeOptions.onError;
      concurrency = { ...baseConcurrency, ...consumeOptions.concurrency };
      paused = false;
      queueMicrotask(pump);
      let closing: Promise<void> | undefined;
      return Promise.resolve({
        activeCount: () => running.size,
        close(closeOptions = {}) {
          closing ??= (async () => {
            paused = true;
            let idle = await idleWithin(closeOptions.timeoutMs ?? 30_000);
            if (!idle) {
              for (const task of tasks.values()) task.controller?.abort(shutdownReason());
              idle = await idleWithin(closeOptions.releaseGraceMs ?? 5_000);
              if (!idle) onError?.(new Error('Handlers did not stop after release'), 'render');
            }
            handlers = null;
          })();
          return closing;
        },
      });
    },
    async close() {
      closed = true;
      for (const task of tasks.values()) {
        if (task.timer) clearTimeout(task.timer);
        task.controller?.abort(shutdownReason());
      }
      await idleWithin(5_000);
      tasks.clear();
    },
  };
}

function isShutdown(reason: unknown): boolean {
  return isEcgError(reason) && reason.details['reason'] === 'shutdown';
}
