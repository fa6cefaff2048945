import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  claimJob,
  createJob,
  createSegments,
  getJob,
  listWebhookDeliveries,
  type Db,
} from '@ecg-render/db';
import type { JobContext } from '@ecg-render/queue';
import type { Storage } from '@ecg-render/storage';
import { createTestRuntime, type TestRuntime } from '../test/test-runtime.js';
import type { WorkerRuntime } from '../worker-runtime.js';
import { runSegmentTask } from './run-segment-task.js';
import { writeSegmentPlan } from './segment-plan.js';

describe('runSegmentTask', () => {
  let db: Db;
  let storage: Storage;
  let rt: WorkerRuntime;
  let t: TestRuntime;

  beforeAll(async () => {
    t = await createTestRuntime({ workerId: 'cpu-only' });
    ({ rt, db, storage } = t);
  });
  afterAll(() => t.close());

  const context: JobContext = {
    signal: new AbortController().signal,
    attempt: 1,
    jobId: 'x',
    updateProgress: () => Promise.resolve(),
  };

  it('fails the job when no worker can run the encoder its plan fixed', async () => {
    const { job } = await createJob(db, {
      apiKeyId: null,
      source: { kind: 'upload', key: 'uploads/x.mp4' },
      scenario: { kind: 'inline', scenario: { version: '2.0' } },
      webhookUrl: 'https://hooks.example.com/x',
    });
    const attemptId = randomUUID();
    await claimJob(db, { id: job.id, attemptId, workerId: 'planner', leaseSeconds: 60 });
    const ranges = [
      { frameStart: 0, frameEnd: 30 },
      { frameStart: 30, frameEnd: 60 },
    ];
    await createSegments(db, { jobId: job.id, ranges });
    // Planned on a GPU worker that has since gone away.
    await writeSegmentPlan({
      storage,
      plan: {
        version: 1,
        jobId: job.id,
        sourceKey: 'uploads/x.mp4',
        encoder: 'h264_nvenc',
        crf: 23,
        preset: 'p4',
        container: 'mp4',
        extension: '.mp4',
        gridFps: { num: 30, den: 1 },
        frameCount: 60,
        ranges,
      },
    });

    await expect(
      runSegmentTask(rt, { jobId: job.id, segmentIndex: 0 }, context),
    ).rejects.toMatchObject({ code: 'ENCODER_UNAVAILABLE', retryable: false });
    expect(await getJob(db, { id: job.id, scope: { kind: 'all' } })).toMatchObject({
      state: 'failed',
      errorCode: 'ENCODER_UNAVAILABLE',
    });
    expect((await listWebhookDeliveries(db, job.id)).map((d) => d.eventType)).toEqual([
      'job.failed',
    ]);
  });
});
