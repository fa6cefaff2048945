import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  cancelJob,
  claimJob,
  completeJob,
  createJob,
  getJob,
  listWebhookDeliveries,
  listWorkers,
  migrate,
  openDatabase,
  type Db,
  type Job,
} from '@ecg-render/db';
import {
  createInProcessDispatcher,
  jobStorageKeys,
  verifyWebhook,
  type RuntimeDispatcher,
} from '@ecg-render/jobs';
import { createLocalStorage, type Storage } from '@ecg-render/storage';
import { startWorker, type RunningWorker } from '../start-worker.js';
import { listStoredKeys } from '../test/list-stored-keys.js';
import { CPU_CAPABILITIES } from '../test/spawn-worker.js';
import { testConfig, TEST_WEBHOOK_SECRET } from '../test/test-config.js';
import { frameHashes, makeTestVideo } from '../test/test-media.js';
import { captionScenario } from '../test/test-scenario.js';
import { waitFor } from '../test/wait-for.js';
import { startWebhookReceiver } from '../test/webhook-receiver.js';

// Standalone mode: embedded PGlite, local disk, the in-process queue, a worker in this process.
describe('standalone: PGlite + local storage + in-process dispatcher', () => {
  let dir: string;
  let db: Db;
  let storage: Storage;
  let dispatcher: RuntimeDispatcher;
  let worker: RunningWorker;
  let receiver: Awaited<ReturnType<typeof startWebhookReceiver>>;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'ecg-standalone-'));
    db = await openDatabase({ pglite: 'memory' });
    await migrate(db);
    storage = createLocalStorage({ root: join(dir, 'storage') });
    dispatcher = createInProcessDispatcher({ concurrency: 1 });
    receiver = await startWebhookReceiver();
    await makeTestVideo({ path: join(dir, 'short.mp4'), seconds: 3 });
    await makeTestVideo({ path: join(dir, 'long.mp4'), seconds: 12 });
    await storage.putFile({ key: 'uploads/short.mp4', path: join(dir, 'short.mp4') });
    await storage.putFile({ key: 'uploads/long.mp4', path: join(dir, 'long.mp4') });
    await makeTestVideo({ path: join(dir, 'longer.mp4'), seconds: 20 });
    await storage.putFile({ key: 'uploads/longer.mp4', path: join(dir, 'longer.mp4') });
    worker = await startWorker({
      config: testConfig({ DATA_DIR: dir, WORKER_ID: 'standalone-worker' }),
      sql: db,
      storage,
      dispatcher,
      capabilities: CPU_CAPABILITIES,
      timing: {
        heartbeatMs: 300,
        leaseSeconds: 10,
        workerHeartbeatMs: 500,
        reconcileIntervalMs: 1000,
        shutdownGraceMs: 200,
      },
    });
  });
  afterAll(async () => {
    await worker?.close();
    await dispatcher?.close();
    await receiver?.close();
    await storage?.close();
    await db?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const submit = async (input: {
    key: string;
    scenario: unknown;
    options?: Record<string, unknown>;
  }): Promise<Job> => {
    const { job } = await createJob(db, {
      apiKeyId: null,
      source: { kind: 'upload', key: input.key },
      scenario: { kind: 'inline', scenario: input.scenario },
      options: input.options ?? { quality: 'low' },
      webhookUrl: receiver.url,
    });
    await dispatcher.enqueueRender(job.id);
    return job;
  };
  const finished = (id: string) =>
    waitFor(`job ${id} to finish`, async () => {
      const job = await getJob(db, { id, scope: { kind: 'all' } });
      return job && ['completed', 'failed', 'cancelled'].includes(job.state) ? job : undefined;
    });

  it('renders a job end to end: output stored under its attempt, webhook signed, metrics kept', async () => {
    const job = await submit({
      key: 'uploads/short.mp4',
      scenario: captionScenario({ seconds: 3 }),
    });
    const done = await finished(job.id);
    expect(done).toMatchObject({ state: 'completed', progress: 100, attempts: 1, errorCode: null });
    expect(done.output!.key).toBe(`jobs/${job.id}/output/${done.attemptId}.mp4`);
    expect(done.output!.durationSeconds).toBeCloseTo(3, 5);
    expect(
      await listStoredKeys({ dir: join(dir, 'storage'), kind: 'local', prefix: `jobs/${job.id}/` }),
    ).toEqual([done.output!.key, jobStorageKeys.preview(job.id)].sort());
    // The latest rendered frame was kept for the API's thumbnail: a JPEG.
    const preview = await storage.getStream(jobStorageKeys.preview(job.id));
    const head: Buffer[] = [];
    for await (const chunk of preview.stream) head.push(chunk as Buffer);
    expect(Buffer.concat(head).subarray(0, 2)).toEqual(Buffer.from([0xff, 0xd8]));
    const { stream } = await storage.getStream(done.output!.key);
    const local = join(dir, 'out.mp4');
    const { createWriteStream } = await import('node:fs');
    const { pipeline } = await import('node:stream/promises');
    await pipeline(stream, createWriteStream(local));
    expect((await frameHashes(local)).length).toBe(30);

    const completed = await waitFor('the completed webhook', () =>
      receiver.received.find(
        (r) =>
          r.json['type'] === 'job.completed' &&
          (r.json['data'] as { jobId: string }).jobId === job.id,
      ),
    );
    expect(
      verifyWebhook({
        secret: TEST_WEBHOOK_SECRET,
        headers: completed.headers,
        body: completed.body,
      }),
    ).toBe(true);
    expect(completed.json['data']).toMatchObject({
      status: 'completed',
      downloadUrl: `/api/render/${job.id}/download`,
      fileSize: done.output!.sizeBytes,
    });
    const deliveries = await listWebhookDeliveries(db, job.id);
    expect(deliveries.find((d) => d.eventType === 'job.completed')?.deliveredAt).not.toBeNull();

    const [registered] = await waitFor('worker metrics', async () => {
      const workers = await listWorkers(db);
      const metrics = workers[0]?.capabilities['metrics'] as
        { rendersCompleted?: number } | undefined;
      return (metrics?.rendersCompleted ?? 0) >= 1 ? workers : undefined;
    });
    expect(registered!.capabilities).toMatchObject({
      captureMode: expect.any(String),
      limits: { maxJobs: 1 },
      metrics: { renderFps: expect.any(Number) },
    });
  });

  it('fails bad input once, with its code, and tells the webhook', async () => {
    const job = await submit({ key: 'uploads/short.mp4', scenario: { version: '1.3', cues: [] } });
    const done = await finished(job.id);
    expect(done).toMatchObject({
      state: 'failed',
      attempts: 1,
      errorCode: 'UNSUPPORTED_SCENARIO_VERSION',
    });
    await waitFor('the failed webhook', () =>
      receiver.received.find((r) => r.json['type'] === 'job.failed'),
    );
  });

  it('stops a render when it is cancelled, publishes nothing, and reports it', async () => {
    const job = await submit({
      key: 'uploads/long.mp4',
      scenario: captionScenario({ seconds: 12, stepSeconds: 0.2 }),
    });
    await waitFor(
      'progress',
      async () => ((await getJob(db, { id: job.id, scope: { kind: 'all' } }))?.framesDone ?? 0) > 0,
    );
    await cancelJob(db, { id: job.id, scope: { kind: 'all' } });
    const done = await finished(job.id);
    expect(done.state).toBe('cancelled');
    expect(done.output).toBeNull();
    expect(
      await listStoredKeys({ dir: join(dir, 'storage'), kind: 'local', prefix: `jobs/${job.id}/` }),
    ).toEqual([]);
    await waitFor('the cancelled webhook', () =>
      receiver.received.find(
        (r) =>
          r.json['type'] === 'job.cancelled' &&
          (r.json['data'] as { jobId: string }).jobId === job.id,
      ),
    );
  });

  it('an attempt that lost its claim leaves the thumbnail of the attempt that completed the job', async () => {
    const job = await submit({
      key: 'uploads/long.mp4',
      scenario: captionScenario({ seconds: 12, stepSeconds: 0.2 }),
    });
    await waitFor(
      'progress',
      async () => ((await getJob(db, { id: job.id, scope: { kind: 'all' } }))?.framesDone ?? 0) > 0,
    );
    // As if this worker had hung past its lease: another attempt takes the job over, renders it,
    // keeps its latest frame under the job's preview key and completes the job. (The running
    // worker's heartbeat may renew the lease between the two statements: until the claim lands.)
    const winner = randomUUID();
    await waitFor('another attempt to take the job over', async () => {
      await db.query(
        `UPDATE jobs SET lease_expires_at = now() - interval '1 second' WHERE id = $1`,
        [job.id],
      );
      const claimed = await claimJob(db, {
        id: job.id,
        attemptId: winner,
        workerId: 'other',
        leaseSeconds: 60,
      });
      return claimed ?? undefined;
    });
    await storage.putStream({
      key: jobStorageKeys.preview(job.id),
      stream: Readable.from([Buffer.from('the winner’s frame')]),
      contentType: 'image/jpeg',
    });
    const output = jobStorageKeys.output({ jobId: job.id, attemptId: winner, extension: '.mp4' });
    await storage.putStream({ key: output, stream: Readable.from([Buffer.from('video')]) });
    expect(
      await completeJob(db, {
        id: job.id,
        attemptId: winner,
        output: { key: output, sizeBytes: 5, durationSeconds: 12 },
      }),
    ).toBe(true);

    // The first attempt learns at its next heartbeat that it lost the job, and stops.
    await waitFor('the losing attempt to stop', () => worker.activeCount() === 0);
    expect(await storage.stat(jobStorageKeys.preview(job.id))).not.toBeNull();
    expect(await getJob(db, { id: job.id, scope: { kind: 'all' } })).toMatchObject({
      state: 'completed',
      attemptId: winner,
    });
  });

  it('on close, releases a render it cannot finish within the grace period; the next worker completes it', async () => {
    const job = await submit({
      key: 'uploads/longer.mp4',
      scenario: captionScenario({ seconds: 20, stepSeconds: 0.1 }),
    });
    await waitFor(
      'progress',
      async () => ((await getJob(db, { id: job.id, scope: { kind: 'all' } }))?.framesDone ?? 0) > 0,
    );
    const failedBefore = (await dispatcher.counts()).render.failed;
    // What SIGTERM does: stop taking work, wait (here 200 ms), release the rest.
    const closing = worker.close();
    await closing;
    const released = (await getJob(db, { id: job.id, scope: { kind: 'all' } }))!;
    expect(released).toMatchObject({ state: 'queued', attemptId: null, errorCode: 'CANCELLED' });
    expect((await dispatcher.counts()).render).toMatchObject({ waiting: 1, failed: failedBefore });

    worker = await startWorker({
      config: testConfig({ DATA_DIR: dir, WORKER_ID: 'standalone-worker-2' }),
      sql: db,
      storage,
      dispatcher,
      capabilities: CPU_CAPABILITIES,
      timing: {
        heartbeatMs: 300,
        leaseSeconds: 10,
        workerHeartbeatMs: 500,
        reconcileIntervalMs: 1000,
      },
    });
    const done = await finished(job.id);
    expect(done).toMatchObject({
      state: 'completed',
      attempts: 2,
      workerId: 'standalone-worker-2',
    });
  });
});
