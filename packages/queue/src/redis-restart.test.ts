import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createQueues } from './create-queues.js';
import { startWorkers } from './start-workers.js';
import { startRedisServer, type RedisTestServer } from './testing/index.js';

// Redis dies (SIGKILL) while a job runs and nine wait, and comes back from its append-only file:
// no queued job may be lost, and producers and workers must reconnect on their own. This uses a
// private redis-server on a random port; the shared one on 6379 is never stopped.

/** Redis's id for one server process: it changes on every start. */
async function serverRunId(port: number): Promise<string> {
  const client = new Redis({ host: '127.0.0.1', port, lazyConnect: true, maxRetriesPerRequest: 1 });
  try {
    await client.connect();
    return /run_id:(\w+)/.exec(await client.info('server'))?.[1] ?? '';
  } finally {
    client.disconnect();
  }
}

describe('a Redis restart', () => {
  let redis: RedisTestServer;

  beforeAll(async () => {
    redis = await startRedisServer();
  });

  afterAll(async () => {
    await redis?.close();
  });

  it('loses no queued job and the workers carry on', async () => {
    const connection = { host: '127.0.0.1', port: redis.port };
    const prefix = `ecg-test-${randomUUID()}`;
    const queues = createQueues({ connection, prefix });
    const runs = new Map<string, number>();
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    let firstStarted!: () => void;
    const started = new Promise<void>((resolve) => (firstStarted = resolve));
    const idle = async (): Promise<void> => {};
    const workers = await startWorkers({
      connection,
      prefix,
      onError: () => {}, // connection errors during the outage are expected
      handlers: {
        render: async ({ jobId }) => {
          runs.set(jobId, (runs.get(jobId) ?? 0) + 1);
          firstStarted();
          await gate;
        },
        'render-segment': idle,
        'join-segments': idle,
        webhook: idle,
        reconcile: idle,
      },
    });
    try {
      const ids = Array.from({ length: 10 }, (_, i) => `job-${i}`);
      for (const id of ids) await queues.add('render', { jobId: id });
      await started;
      expect((await queues.counts()).render).toMatchObject({ active: 1, waiting: 9 });

      const runId = await serverRunId(redis.port);
      await redis.kill();
      await sleep(300); // let both sides notice the connection is gone
      await redis.start();
      release();

      // Everything that was queued before the crash runs, and the producer works again.
      await queues.add('render', { jobId: 'job-after' });
      const deadline = Date.now() + 30_000;
      while (Date.now() < deadline) {
        const counts = (await queues.counts()).render;
        if (counts.waiting + counts.active + counts.delayed === 0) break;
        await sleep(100);
      }
      for (const id of [...ids, 'job-after']) {
        expect(await queues.getState('render', id), id).toBe('completed');
      }
      expect([...runs.keys()].sort()).toEqual([...ids, 'job-after'].sort());
      expect(await serverRunId(redis.port)).not.toBe(runId); // it really was a new server process
    } finally {
      await workers.close({ timeoutMs: 1_000 });
      await queues.close();
    }
  });
});
