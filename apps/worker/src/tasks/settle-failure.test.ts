import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  cancelJob,
  claimJob,
  createJob,
  getJob,
  listWebhookDeliveries,
  type Db,
  type Job,
} from '@ecg-render/db';
import { EcgError, ERROR_CODES } from '@ecg-render/errors';
import type { JobContext } from '@ecg-render/queue';
import { createTestRuntime, type TestRuntime } from '../test/test-runtime.js';
import type { WorkerRuntime } from '../worker-runtime.js';
import { settleFailure } from './settle-failure.js';

describe('settleFailure', () => {
  let db: Db;
  let rt: WorkerRuntime;
  let t: TestRuntime;

  beforeAll(async () => {
    t = await createTestRuntime({ workerId: 'settler' });
    ({ rt, db } = t);
  });
  afterAll(() => t.close());

  /** A job a worker holds, whose user asked to cancel after its last heartbeat. */
  const heldWithCancelPending = async (): Promise<{ job: Job; attemptId: string }> => {
    const { job } = await createJob(db, {
      apiKeyId: null,
      source: { kind: 'upload', key: 'uploads/x.mp4' },
      scenario: { kind: 'inline', scenario: { version: '2.0' } },
      webhookUrl: 'https://hooks.example.com/x',
      callbackStyle: 'ecg',
      externalId: `ecg-${randomUUID()}`,
    });
    const attemptId = randomUUID();
    const claimed = await claimJob(db, {
      id: job.id,
      attemptId,
      workerId: 'settler',
      leaseSeconds: 60,
    });
    await cancelJob(db, { id: job.id, scope: { kind: 'all' } });
    return { job: claimed!, attemptId };
  };
  /** A segmented job whose planner's attempt holds it while its join runs. */
  const heldForJoin = async (): Promise<{ job: Job; attemptId: string }> => {
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
      workerId: 'settler',
      leaseSeconds: 60,
    });
    return { job: claimed!, attemptId };
  };
  const context = (signal: AbortSignal = new AbortController().signal): JobContext => ({
    signal,
    attempt: 1,
    jobId: 'x',
    updateProgress: () => Promise.resolve(),
  });
  /** settleFailure for a held job, with no heartbeat (the task failed outside one). */
  const settle = (
    held: { job: Job; attemptId: string },
    task: 'render' | 'join-segments',
    error: unknown,
    taskContext: JobContext = context(),
  ) => settleFailure({ rt, ...held, heartbeat: null, context: taskContext, task, error });
  const events = async (jobId: string) =>
    (await listWebhookDeliveries(db, jobId)).map((d) => d.eventType);

  it('tells the webhook when a retry release ends the job cancelled, and does not retry it', async () => {
    const { job, attemptId } = await heldWithCancelPending();
    await expect(
      settle({ job, attemptId }, 'render', new EcgError('FFMPEG_FAILED', 'the encoder crashed')),
    ).resolves.toBeUndefined();
    expect((await getJob(db, { id: job.id, scope: { kind: 'all' } }))?.state).toBe('cancelled');
    expect(await events(job.id)).toEqual(['job.cancelled']);
  });

  it('tells the webhook when a shutdown release ends the job cancelled', async () => {
    const { job, attemptId } = await heldWithCancelPending();
    const shutdown = new AbortController();
    shutdown.abort(
      new EcgError('CANCELLED', 'The worker is shutting down', { details: { reason: 'shutdown' } }),
    );
    await settle(
      { job, attemptId },
      'render',
      new EcgError('CANCELLED', 'aborted'),
      context(shutdown.signal),
    ).catch(() => undefined);
    expect((await getJob(db, { id: job.id, scope: { kind: 'all' } }))?.state).toBe('cancelled');
    expect(await events(job.id)).toEqual(['job.cancelled']);
  });

  it('records what the job’s owner may read: no internal hosts from an infrastructure failure', async () => {
    const fail = async (error: EcgError) => {
      const held = await heldForJoin();
      // The last try: the failure is final and recorded.
      await settle(held, 'render', error, { ...context(), attempt: 99 }).catch(() => undefined);
      return getJob(db, { id: held.job.id, scope: { kind: 'all' } });
    };
    const storage = await fail(
      new EcgError('STORAGE_FAILED', 'PUT http://10.0.3.4:9000/renders/x: connect ECONNREFUSED'),
    );
    expect(storage).toMatchObject({
      state: 'failed',
      errorCode: 'STORAGE_FAILED',
      errorMessage: ERROR_CODES.STORAGE_FAILED.title,
    });
    const media = await fail(new EcgError('UNSUPPORTED_MEDIA', 'The file has no video stream'));
    expect(media).toMatchObject({
      errorCode: 'UNSUPPORTED_MEDIA',
      errorMessage: 'The file has no video stream',
    });
  });

  it('retries a failed join on its own, leaving the job with the attempt that planned it', async () => {
    const { job, attemptId } = await heldForJoin();
    await expect(
      settle(
        { job, attemptId },
        'join-segments',
        new EcgError('STORAGE_FAILED', 'a segment could not be read'),
      ),
    ).rejects.toMatchObject({ code: 'STORAGE_FAILED', retryable: true });
    // Still processing under the planner's attempt: the join's retry finds it and runs.
    expect(await getJob(db, { id: job.id, scope: { kind: 'all' } })).toMatchObject({
      state: 'processing',
      attemptId,
    });
    expect(await events(job.id)).toEqual([]);
  });

  it('hands a join back to the queue on shutdown without releasing the job', async () => {
    const { job, attemptId } = await heldForJoin();
    const shutdown = new AbortController();
    shutdown.abort(
      new EcgError('CANCELLED', 'The worker is shutting down', { details: { reason: 'shutdown' } }),
    );
    await expect(
      settle(
        { job, attemptId },
        'join-segments',
        new EcgError('CANCELLED', 'aborted'),
        context(shutdown.signal),
      ),
    ).rejects.toBeDefined();
    expect(await getJob(db, { id: job.id, scope: { kind: 'all' } })).toMatchObject({
      state: 'processing',
      attemptId,
    });
  });

  it('fails the job on the last try of its join', async () => {
    const { job, attemptId } = await heldForJoin();
    await expect(
      settle(
        { job, attemptId },
        'join-segments',
        new EcgError('STORAGE_FAILED', 'a segment could not be read'),
        { ...context(), attempt: rt.dispatcher.maxAttempts('join-segments') },
      ),
    ).rejects.toMatchObject({ code: 'STORAGE_FAILED', retryable: false });
    expect(await getJob(db, { id: job.id, scope: { kind: 'all' } })).toMatchObject({
      state: 'failed',
      errorCode: 'STORAGE_FAILED',
    });
    expect(await events(job.id)).toEqual(['job.failed']);
  });
});
