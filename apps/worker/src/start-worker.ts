import { hostname } from 'node:os';
import { join } from 'node:path';
import type { Config } from '@ecg-render/config';
import { registerWorker, removeWorker, touchWorker, type Sql } from '@ecg-render/db';
import { detectCapabilities, type Capabilities } from '@ecg-render/ffmpeg';
import {
  createProgressEventThrottle,
  type RuntimeDispatcher,
  type TaskConsumer,
} from '@ecg-render/jobs';
import type { JobHandlers } from '@ecg-render/queue';
import { findChromium } from '@ecg-render/render';
import type { Storage } from '@ecg-render/storage';
import { createAdmission } from './admission/admission.js';
import {
  reconcileOnce,
  type ReconcileCursors,
  type ReconcileReport,
} from './reconcile/reconcile-once.js';
import { runJoinTask } from './tasks/run-join-task.js';
import { runRenderTask } from './tasks/run-render-task.js';
import { runSegmentTask } from './tasks/run-segment-task.js';
import { runWebhookTask } from './tasks/run-webhook-task.js';
import {
  createWorkerTempDir,
  sweepDeadWorkerDirs,
  type WorkerTempDir,
} from './temp/worker-temp-dir.js';
import { writeFfmpegWrapper } from './temp/write-ffmpeg-wrapper.js';
import { createWorkerMetrics } from './worker-metrics.js';
import { createConsoleLogger, type WorkerLogger } from './worker-logger.js';
import type { WorkerRuntime } from './worker-runtime.js';
import { DEFAULT_WORKER_TIMING, type WorkerTiming } from './worker-timing.js';

export interface StartWorkerOptions {
  config: Config;
  sql: Sql;
  storage: Storage;
  /** BullMQ (distributed) or in-process (standalone); the caller creates and closes it. */
  dispatcher: RuntimeDispatcher;
  logger?: WorkerLogger;
  /** Aborting it closes the worker (as `close()` does). */
  signal?: AbortSignal;
  /** What FFmpeg and the GPU can do; detected (trial encodes, a few seconds) when absent. */
  capabilities?: Pick<Capabilities, 'encoders'> & Partial<Capabilities>;
  timing?: Partial<WorkerTiming>;
}

export interface RunningWorker {
  id: string;
  /** This process's temp folder (attempt folders, FFmpeg wrapper). */
  tempDir: string;
  activeCount(): number;
  /** Runs the reconciler now (it also runs at start and every reconcileIntervalMs). */
  reconcile(): Promise<ReconcileReport>;
  /**
   * Stops taking work, lets active renders finish within the shutdown grace period, releases the
   * rest to the queue for other workers, and deregisters. Safe to call twice.
   */
  close(): Promise<void>;
}

/**
 * Starts a render worker in this process: sweeps what a crashed predecessor left (temp folders,
 * orphaned FFmpeg and Chromium), registers in the workers table with its capabilities, consumes
 * render, segment, join and webhook tasks under admission control, heartbeats, and runs the
 * reconciler at start and periodically.
 */
export async function startWorker(options: StartWorkerOptions): Promise<RunningWorker> {
  const { config } = options;
  const workerId = config.worker.id;
  const logger =
    options.logger ?? createConsoleLogger({ level: config.logLevel, fields: { worker: workerId } });
  const timing = { ...DEFAULT_WORKER_TIMING, ...options.timing };
  const resolvedTiming = {
    ...timing,
    staleAfterSeconds: timing.staleAfterSeconds ?? timing.leaseSeconds,
  };

  const tempRoot = join(config.dataDir, 'tmp', 'workers');
  const swept = await sweepDeadWorkerDirs({ root: tempRoot });
  if (swept.removed.length > 0 || swept.killed.length > 0) {
    logger.warn(
      {
        removed: swept.removed,
        killed: swept.killed.map((p) => ({ pid: p.pid, cmd: p.cmdline.slice(0, 120) })),
      },
      'cleaned up after a crashed worker',
    );
  }
  const tempDir = await createWorkerTempDir({ root: tempRoot, workerId });
  try {
    return await startInTempDir({ options, logger, timing, resolvedTiming, tempDir });
  } catch (error) {
    // Capability detection, registration or the queue failed (or the start was aborted): nothing
    // runs here, and the folder is this process's, so it goes now rather than waiting for a later
    // worker on this host to find it orphaned.
    await tempDir.remove().catch(() => undefined);
    throw error;
  }
}

/** The rest of startWorker, once this process has its temp folder. */
async function startInTempDir(input: {
  options: StartWorkerOptions;
  logger: WorkerLogger;
  timing: WorkerTiming;
  resolvedTiming: WorkerRuntime['timing'];
  tempDir: WorkerTempDir;
}): Promise<RunningWorker> {
  const { options, logger, timing, resolvedTiming, tempDir } = input;
  const { config, sql } = options;
  const workerId = config.worker.id;
  const temp = { ...tempDir, pluginCacheDir: join(config.dataDir, 'tmp', 'plugin-cache') };
  const ffmpegPath = await writeFfmpegWrapper({
    dir: join(tempDir.dir, 'bin'),
    ffmpegPath: config.binaries.ffmpegPath,
  });

  const capabilities =
    options.capabilities ??
    (await detectCapabilities({
      ffmpegPath: config.binaries.ffmpegPath,
      ffprobePath: config.binaries.ffprobePath,
      tempDir: tempDir.dir,
      ...(options.signal && { signal: options.signal }),
    }));
  const captureMode = findChromium({
    ...(config.binaries.chromiumPath !== null && { path: config.binaries.chromiumPath }),
    mode: 'auto',
  }).mode;
  const gpuMemoryBytes =
    config.gpu.maxGpuMemoryBytes ??
    (capabilities.gpu?.memoryMiB !== undefined ? capabilities.gpu.memoryMiB * 1024 * 1024 : null);
  const limits = {
    maxJobs: config.worker.maxConcurrentJobs,
    nvencSessions: config.gpu.nvencMaxSessions,
    gpuMemoryBytes,
  };
  const admission = createAdmission(limits);
  const metrics = createWorkerMetrics();
  await registerWorker(sql, {
    id: workerId,
    hostname: hostname(),
    mode: config.mode,
    capabilities: {
      ...capabilities,
      captureMode,
      limits,
      browserPoolSize: config.worker.browserPoolSize,
      segmentSeconds: config.worker.segmentSeconds,
      metrics: metrics.snapshot(),
    },
  });
  const works = Object.entries(capabilities.encoders)
    .filter(([, c]) => c.works)
    .map(([name]) => name);
  logger.info(
    { encoders: works, gpu: capabilities.gpu, captureMode, limits, tempDir: tempDir.dir },
    'worker started',
  );

  const rt: WorkerRuntime = {
    config,
    sql,
    storage: options.storage,
    dispatcher: options.dispatcher,
    logger,
    workerId,
    capabilities,
    captureMode,
    admission,
    temp,
    ffmpegPath,
    timing: resolvedTiming,
    metrics,
    throttle: createProgressEventThrottle(),
  };

  // One set of cursors for every pass of this worker: a pass that runs out of its row budget
  // leaves the rest of a backlog to the next one, which goes on from where it stopped.
  const cursors: ReconcileCursors = { stale: null, queued: null, ended: null };
  const reconcile = (queuedOlderThanSeconds?: number): Promise<ReconcileReport> =>
    reconcileOnce(rt, {
      cursors,
      ...(queuedOlderThanSeconds !== undefined && { queuedOlderThanSeconds }),
    });
  const handlers: JobHandlers = {
    render: (payload, context) => runRenderTask(rt, payload, context),
    'render-segment': (payload, context) => runSegmentTask(rt, payload, context),
    'join-segments': (payload, context) => runJoinTask(rt, payload, context),
    webhook: (payload, context) => runWebhookTask(rt, payload, context),
    reconcile: async () => {
      await reconcile();
    },
  };
  const consumer: TaskConsumer = await options.dispatcher.consume({
    handlers,
    concurrency: {
      // Admission control decides how many of these run; the queues only bound how many wait here.
      render: config.worker.maxConcurrentJobs,
      'render-segment': config.worker.maxConcurrentJobs,
      // A join copies streams (no Chromium, no encode): it needs no render slot.
      'join-segments': 1,
    },
    onError: (error, queue) => logger.warn({ queue, err: error }, 'queue connection problem'),
    // A crashed worker's task comes back once its lease lapsed, so the redelivered task takes the
    // job over itself instead of finding a live-looking lease and waiting for the reconciler.
    claimLease: { leaseMs: timing.leaseSeconds * 1000, renewMs: timing.heartbeatMs },
  });

  const safely = (what: string, run: () => Promise<unknown>) => (): void => {
    run().catch((error: unknown) => logger.warn({ err: error }, `${what} failed`));
  };
  const heartbeat = safely('worker heartbeat', async () => {
    await touchWorker(sql, { id: workerId, activeJobs: consumer.activeCount() });
    await metrics.save(sql, workerId);
  });
  const heartbeatTimer = setInterval(heartbeat, timing.workerHeartbeatMs);
  const reconcileTimer = setInterval(
    safely('reconcile', () => reconcile()),
    timing.reconcileIntervalMs,
  );
  // At start nothing of an earlier run can still be in an in-process queue: enqueue every queued job.
  safely('reconcile', () => reconcile(0))();

  let closing: Promise<void> | undefined;
  const close = (): Promise<void> => {
    closing ??= (async () => {
      clearInterval(heartbeatTimer);
      clearInterval(reconcileTimer);
      logger.info({ active: consumer.activeCount() }, 'worker stopping');
      await consumer.close({
        timeoutMs: timing.shutdownGraceMs,
        releaseGraceMs: timing.releaseGraceMs,
      });
      await metrics.save(sql, workerId).catch(() => undefined);
      await removeWorker(sql, workerId).catch(() => undefined);
      await tempDir.remove();
      logger.info({}, 'worker stopped');
    })();
    return closing;
  };
  options.signal?.addEventListener('abort', () => void close(), { once: true });
  // Aborted after the last step that watched the signal: the listener above will never fire.
  if (options.signal?.aborted) void close();

  return {
    id: workerId,
    tempDir: tempDir.dir,
    activeCount: () => consumer.activeCount(),
    reconcile: () => reconcile(),
    close,
  };
}
