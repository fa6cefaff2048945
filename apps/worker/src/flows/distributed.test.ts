import { jobStorageKeys } from '@ecg-render/jobs';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createApiKey,
  createJob,
  getJob,
  getUsage,
  listWebhookDeliveries,
  type Db,
} from '@ecg-render/db';
import { createBullDispatcher, type RuntimeDispatcher } from '@ecg-render/jobs';
import { cleanQueues } from '@ecg-render/queue/testing';
import { createS3Storage, type Storage } from '@ecg-render/storage';
import { startS3Server, type S3TestServer } from '@ecg-render/storage/testing';
import { startWorker, type RunningWorker } from '../start-worker.js';
import { listStoredKeys } from '../test/list-stored-keys.js';
import { createPostgresTestDatabase } from '../test/postgres-test-database.js';
import { serveFile } from '../test/serve-file.js';
import { CPU_CAPABILITIES } from '../test/spawn-worker.js';
import { testConfig } from '../test/test-config.js';
import { frameHashes, makeTestVideo, probeStreams } from '../test/test-media.js';
import { captionScenario } from '../test/test-scenario.js';
import { waitFor } from '../test/wait-for.js';
import { startWebhookReceiver } from '../test/webhook-receiver.js';

const REDIS = 'redis://127.0.0.1:6379';

// Distributed mode: PostgreSQL, BullMQ on Redis, an S3-compatible store (s3rver).
describe('distributed: PostgreSQL + Redis + S3', () => {
  let dir: string;
  let database: Awaited<ReturnType<typeof createPostgresTestDatabase>>;
  let db: Db;
  let s3: S3TestServer;
  let storage: Storage;
  let dispatcher: RuntimeDispatcher;
  let worker: RunningWorker;
  let receiver: Awaited<ReturnType<typeof startWebhookReceiver>>;
  let video: Awaited<ReturnType<typeof serveFile>>;
  const prefix = `ecg-worker-dist-${randomBytes(4).toString('hex')}`;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'ecg-distributed-'));
    database = await createPostgresTestDatabase();
    db = database.db;
    s3 = await startS3Server();
    storage = createS3Storage(s3.storageOptions());
    dispatcher = createBullDispatcher({ connection: { url: REDIS }, prefix });
    receiver = await startWebhookReceiver();
    video = await serveFile(await makeTestVideo({ path: join(dir, 'source.mp4'), seconds: 3 }));
    const config = testConfig({
      ECG_RENDER_MODE: 'worker',
      DATA_DIR: dir,
      WORKER_ID: 'dist-worker',
      DATABASE_URL: database.url,
      REDIS_URL: REDIS,
      STORAGE: 's3',
      S3_ENDPOINT: s3.endpoint,
      S3_BUCKET: s3.bucket,
      S3_ACCESS_KEY_ID: s3.credentials.accessKeyId,
      S3_SECRET_ACCESS_KEY: s3.credentials.secretAccessKey,
    });
    worker = await startWorker({
      config,
      sql: db,
      storage,
      dispatcher,
      capabilities: CPU_CAPABILITIES,
      timing: {
        heartbeatMs: 300,
        leaseSeconds: 10,
        workerHeartbeatMs: 500,
        reconcileIntervalMs: 2000,
      },
    });
  });
  afterAll(async () => {
    await worker?.close();
    await dispatcher?.close();
    await cleanQueues({ connection: { url: REDIS }, prefix });
    await video?.close();
    await receiver?.close();
    await storage?.close();
    await s3?.close();
    await database?.dispose();
    rmSync(dir, { recursive: true, force: true });
  });

  it('renders an ECG job from a URL and calls back in the ECG backend\u2019s format', async () => {
    const key = await createApiKey(db, { name: 'ecg backend', quotas: { maxMinutesPerDay: 60 } });
    const { job } = await createJob(db, {
      apiKeyId: key.id,
      estimatedMinutes: 1,
      source: { kind: 'url', url: video.url },
      scenario: { kind: 'inline', scenario: captionScenario({ seconds: 3 }) },
      options: { width: 320, height: 180, fps: 10, quality: 'medium', format: 'mp4' },
      webhookUrl: receiver.url,
      callbackStyle: 'ecg',
      externalId: 'ecg-job-42',
    });
    await dispatcher.enqueueRender(job.id);
    const done = await waitFor('completion', async () => {
      const current = await getJob(db, { id: job.id, scope: { kind: 'all' } });
      return current?.state === 'completed' || current?.state === 'failed' ? current : undefined;
    });
    expect(done).toMatchObject({ state: 'completed', attempts: 1 });
    expect(video.hits()).toBe(1);
    expect(
      await listStoredKeys({
        dir: join(s3.directory, s3.bucket),
        kind: 's3rver',
        prefix: `jobs/${job.id}/`,
      }),
      // One output object (and the latest-frame preview the API shows while rendering).
    ).toEqual([done.output!.key, jobStorageKeys.preview(job.id)].sort());

    const callback = await waitFor('the completion callback', () =>
      receiver.received.find((r) => r.json['status'] === 'completed'),
    );
    // Exactly the keys their backend reads, snake_case, nothing else.
    expect(Object.keys(callback.json).sort()).toEqual(
      ['download_url', 'duration', 'file_size', 'job_id', 'progress', 'status'].sort(),
    );
    expect(callback.json).toMatchObject({
      job_id: 'ecg-job-42',
      status: 'completed',
      progress: 100,
      file_size: done.output!.sizeBytes,
      duration: expect.closeTo(3, 5),
    });
    // The download link is a presigned S3 URL that serves the output.
    const response = await fetch(callback.json['download_url'] as string);
    expect(response.status).toBe(200);
    const local = join(dir, 'downloaded.mp4');
    writeFileSync(local, Buffer.from(await response.arrayBuffer()));
    expect((await frameHashes(local)).length).toBe(30);
    expect((await probeStreams(local)).map((s) => s.codec_type).sort()).toEqual(['audio', 'video']);

    const deliveries = await listWebhookDeliveries(db, job.id);
    expect(deliveries.every((d) => d.deliveredAt !== null)).toBe(true);
    // The key is charged the minutes rendered (3 s), and its reservation is given back.
    const usage = await getUsage(db, { apiKeyId: key.id });
    expect(usage.renderedMinutes).toBeCloseTo(3 / 60, 5);
    expect(usage.reservedMinutes).toBe(0);
    for (const progress of receiver.received.filter((r) => r.json['status'] === 'processing')) {
      expect(
        Object.keys(progress.json).every((k) =>
          ['job_id', 'status', 'progress', 'estimated_time_remaining'].includes(k),
        ),
      ).toBe(true);
    }
  });

  it('refuses a job whose video URL points inside when private URLs are not allowed', async () => {
    const strict = createBullDispatcher({ connection: { url: REDIS }, prefix: `${prefix}-strict` });
    const strictWorker = await startWorker({
      config: testConfig({
        ECG_RENDER_MODE: 'worker',
        DATA_DIR: join(dir, 'strict'),
        WORKER_ID: 'strict-worker',
        DATABASE_URL: database.url,
        REDIS_URL: REDIS,
        STORAGE: 's3',
        S3_ENDPOINT: s3.endpoint,
        S3_BUCKET: s3.bucket,
        ALLOW_PRIVATE_URLS: 'false',
      }),
      sql: db,
      storage,
      dispatcher: strict,
      capabilities: CPU_CAPABILITIES,
      timing: { heartbeatMs: 300, reconcileIntervalMs: 60_000 },
    });
    try {
      const { job } = await createJob(db, {
        apiKeyId: null,
        source: { kind: 'url', url: 'http://169.254.169.254/latest/meta-data/video.mp4' },
        scenario: { kind: 'inline', scenario: captionScenario({ seconds: 1 }) },
      });
      await strict.enqueueRender(job.id);
      const done = await waitFor('the refusal', async () => {
        const current = await getJob(db, { id: job.id, scope: { kind: 'all' } });
        return current?.state === 'failed' ? current : undefined;
      });
      expect(done).toMatchObject({ errorCode: 'URL_NOT_ALLOWED', attempts: 1 });
    } finally {
      await strictWorker.close();
      await strict.close();
      await cleanQueues({ connection: { url: REDIS }, prefix: `${prefix}-strict` });
    }
  });
});
