import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  claimJob,
  createJob,
  createSegments,
  getJob,
  listWebhookDeliveries,
  migrate,
  openDatabase,
  type Db,
} from '@ecg-render/db';
import {
  createInProcessDispatcher,
  createProgressEventThrottle,
  type RuntimeDispatcher,
} from '@ecg-render/jobs';
import type { JobContext } from '@ecg-render/queue';
import { createLocalStorage, type Storage } from '@ecg-render/storage';
import { createAdmission } from '../admission/admission.js';
import { CPU_CAPABILITIES } from '../test/spawn-worker.js';
import { testConfig } from '../test/test-config.js';
import { createWorkerMetrics } from '../worker-metrics.js';
import { createConsoleLogger } from '../worker-logger.js';
import type { WorkerRuntime } from '../worker-runtime.js';
import { DEFAULT_WORKER_TIMING } from '../worker-timing.js';
import { runSegmentTask } from './run-segment-task.js';
import { writeSegmentPlan } from './segment-plan.js';

describe('runSegmentTask', () => {
  let dir: string;
  let db: Db;
  let storage: Storage;
  let dispatcher: RuntimeDispatcher;
  let rt: WorkerRuntime;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'ecg-segment-task-'));
    db = await openDatabase({ pglite: 'memory' });
    await migrate(db);
    storage = createLocalStorage({ root: join(dir, 'storage') });
    dispatcher = createInProcessDispatcher();
    rt = {
      config: testConfig({ DATA_DIR: dir }),
      sql: db,
      storage,
      dispatcher,
      logger: createConsoleLogger({ level: 'silent' }),
      workerId: 'cpu-only',
      // No working NVENC here, and no other worker registered that has it.
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
