import { randomUUID } from 'node:crypto';
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { claimJob, createJob, getJob, listWebhookDeliveries, type Db } from '@ecg-render/db';
import { EcgError } from '@ecg-render/errors';
import { jobStorageKeys } from '@ecg-render/jobs';
import type { Storage } from '@ecg-render/storage';
import { createTestRuntime, type TestRuntime } from '../test/test-runtime.js';
import type { WorkerRuntime } from '../worker-runtime.js';
import { publishOutput } from './publish-output.js';

describe('publishOutput', () => {
  let db: Db;
  let storage: Storage;
  let rt: WorkerRuntime;
  let t: TestRuntime;

  beforeAll(async () => {
    t = await createTestRuntime({
      workerId: 'publisher',
      env: { PUBLIC_BASE_URL: 'https://render.example.com' },
      // A store whose presigning fails now and then (an S3 credential refresh that times out).
      storage: (local) => ({
        ...local,
        presignGet: () =>
          Promise.reject(new EcgError('STORAGE_FAILED', 'could not load credentials')),
      }),
    });
    ({ rt, db, storage } = t);
  });
  afterAll(() => t.close());

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
