import { jobStorageKeys } from '@ecg-render/jobs';
import { writeFileSync } from 'node:fs';
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
import { type Storage } from '@ecg-render/storage';
import { startWorker, type RunningWorker } from '../start-worker.js';
import {
  SHARED_REDIS_URL,
  startDistributedStack,
  type DistributedStack,
} from '../test/distributed-stack.js';
import { serveFile } from '../test/serve-file.js';
import { CPU_CAPABILITIES } from '../test/spawn-worker.js';
import { testConfig } from '../test/test-config.js';
import { frameHashes, makeTestVideo, probeStreams } from '../test/test-media.js';
import { captionScenario } from '../test/test-scenario.js';
import { waitFor } from '../test/wait-for.js';
import { startWebhookReceiver } from '../test/webhook-receiver.js';

// Distributed mode: PostgreSQL, BullMQ on Redis, an S3-compatible store (s3rver).
describe('distributed: PostgreSQL + Redis + S3', () => {
  let dir: string;
  let db: Db;
  let storage: Storage;
  let dispatcher: RuntimeDispatcher;
  let worker: RunningWorker;
  let receiver: Awaited<ReturnType<typeof startWebhookReceiver>>;
  let video: Awaited<ReturnType<typeof serveFile>>;
  let stack: DistributedStack;

  beforeAll(async () => {
    stack = await startDistributedStack('distributed');
    ({ dir, db, storage, dispatcher } = stack);
    receiver = await startWebhookReceiver();
    video = await serveFile(await makeTestVideo({ path: join(dir, 'source.mp4'), seconds: 3 }));
    const config = testConfig(
      stack.workerEnv({ workerId: 'dist-worker', dataDir: dir, extra: { LOG_LEVEL: 'warn' } }),
    );
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
    await video?.close();
    await receiver?.close();
    await stack?.close();
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
      await stack.storedKeys(`jobs/${job.id}/`),
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
    const strict = createBullDispatcher({
      connection: { url: SHARED_REDIS_URL },
      prefix: `${stack.prefix}-strict`,
    });
    const strictWorker = await startWorker({
      config: testConfig({
        ECG_RENDER_MODE: 'worker',
        DATA_DIR: join(dir, 'strict'),
        WORKER_ID: 'strict-worker',
        DATABASE_URL: stack.databaseUrl,
        REDIS_URL: SHARED_REDIS_URL,
        STORAGE: 's3',
        S3_ENDPOINT: stack.s3.endpoint,
        S3_BUCKET: stack.s3.bucket,
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
      await cleanQueues({
        connection: { url: SHARED_REDIS_URL },
        prefix: `${stack.prefix}-strict`,
      });
    }
  });
});
