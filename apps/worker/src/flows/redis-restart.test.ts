import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createJob, getJob, type Db, type Job } from '@ecg-render/db';
import { createBullDispatcher, jobStorageKeys, type RuntimeDispatcher } from '@ecg-render/jobs';
import { startRedisServer, type RedisTestServer } from '@ecg-render/queue/testing';
import { createLocalStorage, type Storage } from '@ecg-render/storage';
import { startWorker, type RunningWorker } from '../start-worker.js';
import { listStoredKeys } from '../test/list-stored-keys.js';
import { createPostgresTestDatabase } from '../test/postgres-test-database.js';
import { CPU_CAPABILITIES } from '../test/spawn-worker.js';
import { testConfig } from '../test/test-config.js';
import { makeTestVideo } from '../test/test-media.js';
import { captionScenario } from '../test/test-scenario.js';
import { waitFor } from '../test/wait-for.js';

// Redis restarted without persistence mid-run: every queue entry is gone. PostgreSQL still says
// what must run, and the reconciler puts it back.
describe('Redis restarted mid-run', () => {
  let dir: string;
  let redis: RedisTestServer;
  let database: Awaited<ReturnType<typeof createPostgresTestDatabase>>;
  let db: Db;
  let storage: Storage;
  let dispatcher: RuntimeDispatcher;
  let worker: RunningWorker;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'ecg-redis-restart-'));
    redis = await startRedisServer({ persistence: 'none' });
    database = await createPostgresTestDatabase();
    db = database.db;
    storage = createLocalStorage({ root: join(dir, 'storage') });
    dispatcher = createBullDispatcher({
      connection: { url: redis.url },
      prefix: 'ecg-restart',
      enqueueTimeoutMs: 1000,
      stalled: { lockDurationMs: 3000, stalledIntervalMs: 1000 },
    });
    await makeTestVideo({ path: join(dir, 'source.mp4'), seconds: 15 });
    await storage.putFile({ key: 'uploads/source.mp4', path: join(dir, 'source.mp4') });
    worker = await startWorker({
      config: testConfig({
        ECG_RENDER_MODE: 'worker',
        DATA_DIR: dir,
        WORKER_ID: 'restart-worker',
        DATABASE_URL: database.url,
        REDIS_URL: redis.url,
        STORAGE: 'local',
      }),
      sql: db,
      storage,
      dispatcher,
      capabilities: CPU_CAPABILITIES,
      timing: {
        heartbeatMs: 300,
        leaseSeconds: 5,
        workerHeartbeatMs: 500,
        reconcileIntervalMs: 1000,
        queuedGraceSeconds: 2,
      },
    });
  });
  afterAll(async () => {
    await worker?.close();
    await dispatcher?.close();
    await redis?.close();
    await storage?.close();
    await database?.dispose();
    rmSync(dir, { recursive: true, force: true });
  });

  const submit = async (): Promise<Job> => {
    const { job } = await createJob(db, {
      apiKeyId: null,
      source: { kind: 'upload', key: 'uploads/source.mp4' },
      scenario: { kind: 'inline', scenario: captionScenario({ seconds: 15, stepSeconds: 0.25 }) },
      options: { quality: 'low' },
    });
    await dispatcher.enqueueRender(job.id);
    return job;
  };
  const current = (id: string) => getJob(db, { id, scope: { kind: 'all' } });

  it('loses every queued entry, and still completes every job exactly once', async () => {
    const first = await submit();
    await waitFor(
      'the first job to be rendering',
      async () => ((await current(first.id))?.framesDone ?? 0) > 0,
      60_000,
      100,
    );
    const second = await submit();
    expect((await dispatcher.counts()).render).toMatchObject({ active: 1, waiting: 1 });

    await redis.kill();
    await redis.start();
    expect((await dispatcher.counts()).render).toMatchObject({ active: 0, waiting: 0 });

    for (const job of [first, second]) {
      const done = await waitFor(
        `job ${job.id} to finish`,
        async () => {
          const now = await current(job.id);
          return now && ['completed', 'failed', 'cancelled'].includes(now.state) ? now : undefined;
        },
        120_000,
        250,
      );
      expect(done.state).toBe('completed');
      expect(
        await listStoredKeys({
          dir: join(dir, 'storage'),
          kind: 'local',
          prefix: `jobs/${job.id}/`,
        }),
        // One output object (and the latest-frame preview the API shows while rendering).
      ).toEqual([done.output!.key, jobStorageKeys.preview(job.id)].sort());
    }
    // The second job only ran because the reconciler enqueued it again.
    expect((await current(second.id))?.attempts).toBe(1);
  });
});
