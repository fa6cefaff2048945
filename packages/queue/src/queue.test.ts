import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { once } from 'node:events';
import { mkdir, rm } from 'node:fs/promises';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { setTimeout as sleep } from 'node:timers/promises';
import { Queue } from 'bullmq';
import { build } from 'esbuild';
import { EcgError } from '@ecg-render/errors';
import { afterEach, describe, expect, it } from 'vitest';
import { createQueues, type CreateQueuesOptions, type Queues } from './create-queues.js';
import { parseFailedReason } from './failed-reason.js';
import type { JobHandlers } from './job-handler.js';
import { startWorkers, type StartWorkersOptions, type Workers } from './start-workers.js';
import { cleanQueues } from './testing/index.js';

// Integration tests on the shared Redis at 127.0.0.1:6379. Each test runs under its own random
// prefix and obliterates its queues afterwards; nothing here stops or flushes that Redis.

const connection = { host: '127.0.0.1', port: 6379 };
const idle = async (): Promise<void> => {};
/** Handlers that do nothing, with the ones a test cares about replaced. */
const handlersWith = (overrides: Partial<JobHandlers>): JobHandlers => ({
  render: idle,
  'render-segment': idle,
  'join-segments': idle,
  webhook: idle,
  reconcile: idle,
  ...overrides,
});
/** Short stall settings so recovery takes a second or two instead of a minute. */
const fastStalls = { lockDurationMs: 1_000, stalledIntervalMs: 500 };

async function waitFor<T>(
  probe: () => Promise<T>,
  done: (value: T) => boolean,
  timeoutMs = 15_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (done(value)) return value;
    if (Date.now() > deadline) throw new Error(`timed out; last value ${JSON.stringify(value)}`);
    await sleep(50);
  }
}

let cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  // Workers and producers first, then the keys they used.
  for (const cleanup of cleanups.reverse()) await cleanup();
  cleanups = [];
});

function useQueues(extra: Partial<CreateQueuesOptions> = {}): {
  prefix: string;
  queues: Queues;
  bull: (name: string) => Queue;
} {
  const prefix = `ecg-test-${randomUUID()}`;
  const queues = createQueues({ connection, prefix, ...extra });
  const raw: Queue[] = [];
  cleanups.push(async () => {
    await queues.close();
    await Promise.all(raw.map((queue) => queue.close()));
    await cleanQueues({ connection, prefix });
  });
  /** A plain BullMQ handle for reading job details the API does not expose. */
  const bull = (name: string): Queue => {
    const queue = new Queue(name, { connection, prefix });
    raw.push(queue);
    return queue;
  };
  return { prefix, queues, bull };
}

async function useWorkers(options: Omit<StartWorkersOptions, 'connection'>): Promise<Workers> {
  const workers = await startWorkers({ connection, onError: () => {}, ...options });
  cleanups.unshift(() => workers.close({ timeoutMs: 0, releaseGraceMs: 1_000 }));
  return workers;
}

describe('queues and workers', () => {
  it('adds a typed job and runs its handler with the payload and context', async () => {
    const { prefix, queues, bull } = useQueues();
    const seen: unknown[] = [];
    await useWorkers({
      prefix,
      handlers: handlersWith({
        render: async (payload, context) => {
          seen.push({
            payload,
            jobId: context.jobId,
            attempt: context.attempt,
            aborted: context.signal.aborted,
          });
          await context.updateProgress(42);
        },
        'render-segment': async (payload) => {
          seen.push({ segment: payload.segmentIndex });
        },
      }),
    });
    expect(await queues.add('render', { jobId: 'job-a' })).toBe('job-a');
    expect(await queues.add('render-segment', { jobId: 'job-a', segmentIndex: 3 })).toBe('job-a.3');
    await waitFor(
      () => queues.getState('render', 'job-a'),
      (state) => state === 'completed',
    );
    await waitFor(
      () => queues.getState('render-segment', 'job-a.3'),
      (state) => state === 'completed',
    );
    expect(seen).toContainEqual({
      payload: { jobId: 'job-a' },
      jobId: 'job-a',
      attempt: 1,
      aborted: false,
    });
    expect(seen).toContainEqual({ segment: 3 });
    expect((await bull('render').getJob('job-a'))?.progress).toBe(42);
  });

  it('validates payloads where they enter the queue', async () => {
    const { queues } = useQueues();
    const invalid = { code: 'INVALID_REQUEST' };
    await expect(queues.add('render', { jobId: '' })).rejects.toMatchObject(invalid);
    await expect(queues.add('render', { jobId: 'x', extra: 1 } as never)).rejects.toMatchObject(
      invalid,
    );
    await expect(
      queues.add('render-segment', { jobId: 'x', segmentIndex: -1 }),
    ).rejects.toMatchObject(invalid);
    await expect(queues.add('nope' as never, {} as never)).rejects.toMatchObject(invalid);
    // BullMQ's own rule: custom ids may not be plain integers.
    await expect(queues.add('render', { jobId: '42' })).rejects.toMatchObject(invalid);
    expect((await queues.counts()).render.waiting).toBe(0);
  });

  it('adds a job with the same id once, even after it completed', async () => {
    const { prefix, queues } = useQueues();
    await queues.add('render', { jobId: 'job-b' });
    await queues.add('render', { jobId: 'job-b' });
    await queues.add('webhook', { deliveryId: 'd-1' });
    await queues.add('webhook', { deliveryId: 'd-1' });
    const counts = await queues.counts();
    expect(counts.render.waiting).toBe(1);
    expect(counts.webhook.waiting).toBe(1);

    let runs = 0;
    await useWorkers({ prefix, handlers: handlersWith({ render: async () => void runs++ }) });
    await waitFor(
      () => queues.getState('render', 'job-b'),
      (state) => state === 'completed',
    );
    await queues.add('render', { jobId: 'job-b' });
    await sleep(300);
    expect(runs).toBe(1);
    expect(await queues.getState('render', 'job-b')).toBe('completed');
  });

  it('retries a retryable failure with exponential backoff, then succeeds', async () => {
    const { prefix, queues, bull } = useQueues({
      retry: { render: { attempts: 3, backoffMs: 200, jitter: 0 } },
    });
    const starts: Array<{ attempt: number; at: number }> = [];
    await useWorkers({
      prefix,
      handlers: handlersWith({
        render: async (_payload, { attempt }) => {
          starts.push({ attempt, at: Date.now() });
          if (attempt < 3) throw new EcgError('BROWSER_CRASHED', `crash ${attempt}`);
        },
      }),
    });
    await queues.add('render', { jobId: 'job-c' });
    await waitFor(
      () => queues.getState('render', 'job-c'),
      (state) => state === 'completed',
    );
    expect(starts.map((s) => s.attempt)).toEqual([1, 2, 3]);
    const [first, second, third] = starts.map((s) => s.at) as [number, number, number];
    expect(second - first).toBeGreaterThanOrEqual(200); // 200 ms × 2^0
    expect(third - second).toBeGreaterThanOrEqual(400); // 200 ms × 2^1
    expect((await bull('render').getJob('job-c'))?.attemptsMade).toBe(3); // BullMQ counts the success too
  });

  it('fails a non-retryable error at once, keeping its code; a retryable one keeps it after the last try', async () => {
    const quick = { attempts: 3, backoffMs: 50, jitter: 0 };
    const { prefix, queues, bull } = useQueues({
      retry: { render: quick, 'render-segment': quick },
    });
    const calls = { render: 0, segment: 0 };
    await useWorkers({
      prefix,
      handlers: handlersWith({
        render: async () => {
          calls.render++;
          throw new EcgError('INVALID_SCENARIO', 'cue 3 has no text');
        },
        'render-segment': async () => {
          calls.segment++;
          throw new Error('disk hiccup'); // not an EcgError: INTERNAL, retryable
        },
      }),
    });
    await queues.add('render', { jobId: 'job-d' });
    await queues.add('render-segment', { jobId: 'job-d', segmentIndex: 0 });
    await waitFor(
      () => queues.getState('render', 'job-d'),
      (state) => state === 'failed',
    );
    const failed = await bull('render').getJob('job-d');
    expect(calls.render).toBe(1);
    expect(failed?.attemptsMade).toBe(1);
    expect(parseFailedReason(failed?.failedReason)).toEqual({
      code: 'INVALID_SCENARIO',
      message: 'cue 3 has no text',
    });

    await waitFor(
      () => queues.getState('render-segment', 'job-d.0'),
      (state) => state === 'failed',
    );
    expect(calls.segment).toBe(3);
    const segment = await bull('render-segment').getJob('job-d.0');
    expect(parseFailedReason(segment?.failedReason)).toEqual({
      code: 'INTERNAL',
      message: 'disk hiccup',
    });
    expect((await queues.counts())['render-segment'].failed).toBe(1);
  });

  it('refuses to start when a job name has no handler', async () => {
    const { prefix } = useQueues();
    const { webhook: _dropped, ...partial } = handlersWith({});
    await expect(
      startWorkers({ connection, prefix, handlers: partial as JobHandlers }),
    ).rejects.toMatchObject({
      code: 'CONFIG_INVALID',
      message: expect.stringContaining('no handler for job(s) webhook'),
    });
    await expect(
      startWorkers({
        connection,
        prefix,
        handlers: { ...handlersWith({}), rendr: idle } as JobHandlers,
      }),
    ).rejects.toMatchObject({
      code: 'CONFIG_INVALID',
      details: { missing: [], unknown: ['rendr'] },
    });
  });

  it('closes gracefully: stops taking jobs and lets the active one finish', async () => {
    const { prefix, queues } = useQueues();
    const finished: string[] = [];
    let started!: () => void;
    const running = new Promise<void>((resolve) => (started = resolve));
    const workers = await useWorkers({
      prefix,
      handlers: handlersWith({
        render: async ({ jobId }) => {
          started();
          await sleep(400);
          finished.push(jobId);
        },
      }),
    });
    await queues.add('render', { jobId: 'job-e' });
    await running;
    const closing = workers.close({ timeoutMs: 5_000 });
    await queues.add('render', { jobId: 'job-f' });
    await closing;
    expect(finished).toEqual(['job-e']);
    expect(await queues.getState('render', 'job-e')).toBe('completed');
    expect(await queues.getState('render', 'job-f')).toBe('waiting');
  });

  it('closes gracefully: releases a job that outlives the timeout so another worker runs it', async () => {
    const { prefix, queues, bull } = useQueues();
    const reasons: unknown[] = [];
    let started!: () => void;
    const running = new Promise<void>((resolve) => (started = resolve));
    const first = await useWorkers({
      prefix,
      handlers: handlersWith({
        render: async (_payload, { signal }) => {
          started();
          await new Promise((_, reject) =>
            signal.addEventListener('abort', () => reject(signal.reason as Error)),
          );
        },
      }),
    });
    await queues.add('render', { jobId: 'job-g' });
    await running;
    await first.close({ timeoutMs: 100 });
    expect(await queues.getState('render', 'job-g')).toBe('waiting');
    expect((await bull('render').getJob('job-g'))?.attemptsMade).toBe(0);

    await useWorkers({
      prefix,
      handlers: handlersWith({ render: async (_p, { attempt }) => void reasons.push(attempt) }),
    });
    await waitFor(
      () => queues.getState('render', 'job-g'),
      (state) => state === 'completed',
    );
    expect(reasons).toEqual([1]); // released, not failed: the rerun is still the first attempt
  });

  it('cancels a running job: its signal aborts and it fails as CANCELLED, once', async () => {
    const { prefix, queues, bull } = useQueues();
    let calls = 0;
    let started!: () => void;
    const running = new Promise<void>((resolve) => (started = resolve));
    const workers = await useWorkers({
      prefix,
      handlers: handlersWith({
        render: async (_payload, { signal }) => {
          calls++;
          started();
          await new Promise((_, reject) =>
            signal.addEventListener('abort', () => reject(signal.reason as Error)),
          );
        },
      }),
    });
    await queues.add('render', { jobId: 'job-h' });
    await running;
    expect(workers.cancel('render', 'job-h')).toBe(true);
    expect(workers.cancel('render', 'not-here')).toBe(false);
    await waitFor(
      () => queues.getState('render', 'job-h'),
      (state) => state === 'failed',
    );
    expect(calls).toBe(1);
    expect(parseFailedReason((await bull('render').getJob('job-h'))?.failedReason).code).toBe(
      'CANCELLED',
    );
  });

  it('recovers a job whose worker process was killed with SIGKILL mid-job', async () => {
    const { prefix, queues, bull } = useQueues();
    // Bundle the worker fixture (TypeScript) into a script plain node runs; npm packages stay
    // external and resolve from the repository's node_modules, hence the output location.
    const root = fileURLToPath(new URL('../../..', import.meta.url));
    const outDir = `${root}node_modules/.cache/ecg-render-queue-test`;
    const outfile = `${outDir}/worker-${randomUUID()}.mjs`;
    await mkdir(outDir, { recursive: true });
    cleanups.push(() => rm(outfile, { force: true }));
    await build({
      entryPoints: [fileURLToPath(new URL('./testing/worker-process.fixture.ts', import.meta.url))],
      outfile,
      bundle: true,
      platform: 'node',
      format: 'esm',
      target: 'node20',
      external: ['bullmq', 'ioredis', 'zod'],
      alias: { '@ecg-render/errors': `${root}packages/errors/src/index.ts` },
      logLevel: 'silent',
    });

    await queues.add('render', { jobId: 'job-k' });
    const child = spawn(process.execPath, [outfile, String(connection.port), prefix], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    cleanups.push(async () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    });
    const lines = createInterface({ input: child.stdout });
    for await (const line of lines) if (line === 'started job-k') break;
    expect(await queues.getState('render', 'job-k')).toBe('active');
    const exited = once(child, 'exit');
    child.kill('SIGKILL');
    await exited;

    const runs: Array<{ jobId: string; attempt: number }> = [];
    await useWorkers({
      prefix,
      stalled: fastStalls,
      handlers: handlersWith({
        render: async ({ jobId }, { attempt }) => void runs.push({ jobId, attempt }),
      }),
    });
    await waitFor(
      () => queues.getState('render', 'job-k'),
      (state) => state === 'completed',
    );
    expect(runs).toEqual([{ jobId: 'job-k', attempt: 1 }]);
    const job = await bull('render').getJob('job-k');
    expect(job?.attemptsStarted).toBe(2); // the killed run and the recovered one
    expect(job?.stalledCounter).toBe(1);
  });

  it('counts waiting (prioritised included), delayed and failed jobs per queue', async () => {
    const { queues } = useQueues();
    await queues.add('render', { jobId: 'job-m' });
    await queues.add('render', { jobId: 'job-n' }, { priority: 5 });
    await queues.add('render', { jobId: 'job-o' }, { delay: 60_000 });
    await queues.add('webhook', { deliveryId: 'd-2' }, { jobId: 'custom-id' });
    const counts = await queues.counts();
    expect(counts.render).toEqual({ waiting: 2, active: 0, delayed: 1, failed: 0 });
    expect(counts.webhook).toEqual({ waiting: 1, active: 0, delayed: 0, failed: 0 });
    expect(await queues.getState('webhook', 'custom-id')).toBe('waiting');
    expect(await queues.getState('webhook', 'd-2')).toBeNull();
    expect(await queues.remove('render', 'job-o')).toBe(true);
    expect((await queues.counts()).render.delayed).toBe(0);
    await queues.check();
  });

  it('requeues a failed job (for the reconciler) but leaves a waiting one alone', async () => {
    const { prefix, queues } = useQueues({ retry: { render: { attempts: 1 } } });
    let fail = true;
    let runs = 0;
    const workers = await useWorkers({
      prefix,
      handlers: handlersWith({
        render: async () => {
          runs++;
          if (fail) throw new EcgError('FFMPEG_FAILED', 'exit 1');
        },
      }),
    });
    await queues.add('render', { jobId: 'job-p' });
    await waitFor(
      () => queues.getState('render', 'job-p'),
      (state) => state === 'failed',
    );
    fail = false;
    await queues.requeue('render', { jobId: 'job-p' });
    await waitFor(
      () => queues.getState('render', 'job-p'),
      (state) => state === 'completed',
    );
    expect(runs).toBe(2);

    await workers.close({ timeoutMs: 1_000 });
    await queues.add('render', { jobId: 'job-q' });
    await queues.requeue('render', { jobId: 'job-q' });
    expect((await queues.counts()).render.waiting).toBe(1);
  });

  it('runs reconcile on a schedule, one scheduler however often it is set', async () => {
    const { prefix, queues, bull } = useQueues();
    let runs = 0;
    await queues.scheduleReconcile({ everyMs: 200 });
    await queues.scheduleReconcile({ everyMs: 200 });
    expect(await bull('reconcile').getJobSchedulersCount()).toBe(1);
    await useWorkers({ prefix, handlers: handlersWith({ reconcile: async () => void runs++ }) });
    await waitFor(
      async () => runs,
      (n) => n >= 2,
      5_000,
    );
  });
});
