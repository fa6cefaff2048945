import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  claimJob,
  createJob,
  getJob,
  listWebhookDeliveries,
  migrate,
  openDatabase,
  type Db,
} from '@ecg-render/db';
import { EcgError } from '@ecg-render/errors';
import {
  createInProcessDispatcher,
  createProgressEventThrottle,
  jobStorageKeys,
  type RuntimeDispatcher,
} from '@ecg-render/jobs';
import { createLocalStorage, type Storage } from '@ecg-render/storage';
import { createAdmission } from '../admission/admission.js';
import { CPU_CAPABILITIES } from '../test/spawn-worker.js';
import { testConfig } from '../test/test-config.js';
import { createWorkerMetrics } from '../worker-metrics.js';
import { createConsoleLogger } from '../worker-logger.js';
import type { WorkerRuntime } from '../worker-runtime.js';
import { DEFAULT_WORKER_TIMING } from '../worker-timing.js';
import { publishOutput } from './publish-output.js';

describe('publishOutput', () => {
  let dir: string;
  let db: Db;
  let storage: Storage;
  let dispatcher: RuntimeDispatcher;
  let rt: WorkerRuntime;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'ecg-publish-'));
    db = await openDatabase({ pglite: 'memory' });
    await migrate(db);
    const local = createLocalStorage({ root: join(dir, 'storage') });
    // A store whose presigning fails now and then (an S3 credential refresh that times out).
    storage = {
      ...local,
      presignGet: () =>
        Promise.reject(new EcgError('STORAGE_FAILED', 'could not load credentials')),
    };
    dispatcher = createInProcessDispatcher();
    rt = {
      config: testConfig({ DATA_DIR: dir, PUBLIC_BASE_URL: 'https://render.example.com' }),
      sql: db,
      storage,
      dispatcher,
      logger: createConsoleLogger({ level: 'silent' }),
      workerId: 'publisher',
      capabilities: CPU_CAPABILITIES,
      captureMode: 'beginframe',
      admission: createAdmission({ maxJobs: 1, nvencSessions: 0, gpuMemoryBytes: null }),
      temp: {
        dir,
        pluginCacheDir: join(dir, 'plugins'),
        attemptDir: () => Promise.resolve(dir),
        remove: () => Promise.resolve(),
      },
      ffmpegPath: 'ffmpeg',
      timing: { ...DEFAULT_WORKER_TIMING, staleAfterSeconds: 60 },
      metrics: createWorkerMetrics(),
      throttle: createProgressEventThrottle(),
    };
  });
  afterAll(async () => {
    await dispatcher.close();
    await storage.close();
    await db.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('announces a completion it won even when the output cannot be presigned', async () => {
    const { job } = await createJob(db, {
      apiKeyId: null,
      source: { kind: 'upload', key: 'uploads/x.mp4' },
      scenario: { kind: 'inline', scenario: { version: '2.0' } },
      webhookUrl: 'https://hooks.example.com/x',
    });
    const attemptId = randomUUID();
    const claimed = await claimJob(db, {
      id: job.id,
      attemptId,
      workerId: 'publisher',
      leaseSeconds: 60,
    });
    const key = jobStorageKeys.output({ jobId: job.id, attemptId, extension: '.mp4' });
    await storage.putStream({ key, stream: Readable.from([Buffer.from('video')]) });

    await expect(
      publishOutput({ rt, job: claimed!, attemptId, key, sizeBytes: 5, durationSeconds: 2 }),
    ).resolves.toBe(true);
    expect((await getJob(db, { id: job.id, scope: { kind: 'all' } }))?.state).toBe('completed');
    const deliveries = await listWebhookDeliveries(db, job.id);
    expect(deliveries.map((d) => d.eventType)).toEqual(['job.completed']);
    // The API's download route, which presigns (or streams) when asked.
    expect(deliveries[0]!.payload).toMatchObject({
      data: {
        status: 'completed',
        downloadUrl: `https://render.example.com/api/render/${job.id}/download`,
      },
    });
  });
});
