import { randomBytes } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { EcgError } from '@ecg-render/errors';
import type { JobHandlers, JobName } from '@ecg-render/queue';
import { cleanQueues } from '@ecg-render/queue/testing';
import { createBullDispatcher } from './create-bull-dispatcher.js';
import { createInProcessDispatcher } from './create-in-process-dispatcher.js';
import type { RuntimeDispatcher, TaskConsumer } from './dispatcher.js';
import { isShutdownAbort } from './is-shutdown-abort.js';

const REDIS = { url: 'redis://127.0.0.1:6379' };
const FAST_RETRY = { attempts: 3, backoffMs: 50, jitter: 0 };

type Seen = { name: JobName; id: string; attempt: number; at: number };

function recordingHandlers(
  seen: Seen[],
  behave: (name: JobName, id: string, attempt: number, signal: AbortSignal) => Promise<void> = () =>
    Promise.resolve(),
): JobHandlers {
  const handler =
    (name: JobName) =>
    async (
      payload: Record<string, unknown>,
      ctx: { attempt: number; jobId: string; signal: AbortSignal },
    ) => {
      seen.push({ name, id: ctx.jobId, attempt: ctx.attempt, at: Date.now() });
      await behave(name, ctx.jobId, ctx.attempt, ctx.signal);
      void payload;
    };
  return {
    render: handler('render'),
    'render-segment': handler('render-segment'),
    'join-segments': handler('join-segments'),
    webhook: handler('webhook'),
    reconcile: handler('reconcile'),
  };
}

async function until(check: () => boolean | Promise<boolean>, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('timed out waiting');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

const flavours: [string, () => { dispatcher: RuntimeDispatcher; cleanup: () => Promise<void> }][] =
  [
    [
      'in-process',
      () => ({
        dispatcher: createInProcessDispatcher({
          concurrency: 1,
          retry: { render: FAST_RETRY, webhook: FAST_RETRY },
        }),
        cleanup: () => Promise.resolve(),
      }),
    ],
    [
      'BullMQ',
      () => {
        const prefix = `ecg-jobs-test-${randomBytes(4).toString('hex')}`;
        return {
          dispatcher: createBullDispatcher({
            connection: REDIS,
            prefix,
            retry: { render: FAST_RETRY, webhook: FAST_RETRY },
          }),
          cleanup: () => cleanQueues({ connection: REDIS, prefix }),
        };
      },
    ],
  ];

describe.each(flavours)('%s dispatcher', (_name, make) => {
  let consumer: TaskConsumer | undefined;
  let made: ReturnType<typeof make> | undefined;
  afterEach(async () => {
    await consumer?.close({ timeoutMs: 0, releaseGraceMs: 1000 });
    await made?.dispatcher.close();
    await made?.cleanup();
    consumer = undefined;
  });

  it('runs each id once however often it is enqueued, and again once it finished', async () => {
    made = make();
    const { dispatcher } = made;
    const seen: Seen[] = [];
    const jobId = `job-${randomBytes(4).toString('hex')}`;
    await dispatcher.enqueueRender(jobId);
    await dispatcher.enqueueRender(jobId);
    await dispatcher.enqueueSegment(jobId, 0);
    await dispatcher.enqueueSegment(jobId, 0);
    expect((await dispatcher.counts()).render.waiting).toBe(1);
    consumer = await dispatcher.consume({ handlers: recordingHandlers(seen) });
    await until(() => seen.length === 2);
    expect(seen.map((s) => `${s.name}:${s.id}`).sort()).toEqual([
      `render-segment:${jobId}.0`,
      `render:${jobId}`,
    ]);
    // Finished: enqueuing the same id runs it again (a released job must not be a no-op).
    await until(async () => (await dispatcher.counts()).render.active === 0);
    await dispatcher.enqueueRender(jobId);
    await until(() => seen.length === 3);
  });

  it('retries retryable failures with growing backoff, fails non-retryable ones at once', async () => {
    made = make();
    const { dispatcher } = made;
    const seen: Seen[] = [];
    consumer = await dispatcher.consume({
      handlers: recordingHandlers(seen, (name, id) => {
        if (id.startsWith('flaky')) return Promise.reject(new EcgError('BROWSER_CRASHED', 'boom'));
        if (id.startsWith('bad')) return Promise.reject(new EcgError('INVALID_SCENARIO', 'no'));
        return Promise.resolve();
      }),
    });
    await dispatcher.enqueueRender('flaky-1');
    await dispatcher.enqueueRender('bad-1');
    await until(() => seen.filter((s) => s.id === 'flaky-1').length === 3);
    const flaky = seen.filter((s) => s.id === 'flaky-1');
    expect(flaky.map((s) => s.attempt)).toEqual([1, 2, 3]);
    const gaps = [flaky[1]!.at - flaky[0]!.at, flaky[2]!.at - flaky[1]!.at];
    expect(gaps[0]).toBeGreaterThanOrEqual(40);
    expect(gaps[1]).toBeGreaterThan(gaps[0]! * 1.3);
    await until(async () => (await dispatcher.counts()).render.failed === 2);
    expect(seen.filter((s) => s.id === 'bad-1').length).toBe(1);
    expect(dispatcher.maxAttempts('render')).toBe(3);
  });

  it('on close, lets active tasks finish within the grace period, then releases the rest', async () => {
    made = make();
    const { dispatcher } = made;
    const seen: Seen[] = [];
    const released: string[] = [];
    consumer = await dispatcher.consume({
      handlers: recordingHandlers(
        seen,
        (_name, id, _attempt, signal) =>
          new Promise((resolve, reject) => {
            if (id.startsWith('quick')) {
              setTimeout(resolve, 100);
              return;
            }
            signal.addEventListener('abort', () => {
              if (isShutdownAbort(signal)) released.push(id);
              reject(signal.reason as Error);
            });
          }),
      ),
      concurrency: { render: 2 },
    });
    await dispatcher.enqueueRender('quick-1');
    await dispatcher.enqueueRender('stuck-1');
    await until(() => seen.length === 2);
    await consumer.close({ timeoutMs: 400, releaseGraceMs: 2000 });
    consumer = undefined;
    expect(released).toEqual(['stuck-1']);
    // Released without using an attempt: it waits for the next consumer.
    const counts = await dispatcher.counts();
    expect(counts.render.failed).toBe(0);
    expect(counts.render.waiting).toBe(1);
  });
});
