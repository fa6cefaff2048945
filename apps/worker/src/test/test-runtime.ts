import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { migrate, openDatabase, type Db } from '@ecg-render/db';
import {
  createInProcessDispatcher,
  createProgressEventThrottle,
  type RuntimeDispatcher,
} from '@ecg-render/jobs';
import { createLocalStorage, type Storage } from '@ecg-render/storage';
import { createAdmission } from '../admission/admission.js';
import { createConsoleLogger } from '../worker-logger.js';
import { createWorkerMetrics } from '../worker-metrics.js';
import type { WorkerRuntime } from '../worker-runtime.js';
import { DEFAULT_WORKER_TIMING, type WorkerTiming } from '../worker-timing.js';
import { CPU_CAPABILITIES } from './spawn-worker.js';
import { testConfig } from './test-config.js';

export interface TestRuntime {
  rt: WorkerRuntime;
  db: Db;
  storage: Storage;
  /** In-process and without a consumer: what was enqueued stays in its counts. */
  dispatcher: RuntimeDispatcher;
  /** DATA_DIR, temp and attempt folder alike. */
  dir: string;
  close(): Promise<void>;
}

/**
 * A worker runtime for tests of single tasks: in-memory PGlite, local storage, an in-process
 * dispatcher nobody consumes, CPU capabilities (no NVENC here nor on any registered worker), one
 * admission slot, a silent logger.
 */
export async function createTestRuntime(options: {
  workerId: string;
  env?: Record<string, string>;
  timing?: Partial<WorkerTiming>;
  /** Wraps the local storage (e.g. to make presigning fail). */
  storage?: (local: Storage) => Storage;
}): Promise<TestRuntime> {
  const dir = mkdtempSync(join(tmpdir(), `ecg-${options.workerId}-`));
  const db = await openDatabase({ pglite: 'memory' });
  await migrate(db);
  const local = createLocalStorage({ root: join(dir, 'storage') });
  const storage = options.storage ? options.storage(local) : local;
  const dispatcher = createInProcessDispatcher();
  const rt: WorkerRuntime = {
    config: testConfig({ DATA_DIR: dir, ...options.env }),
    sql: db,
    storage,
    dispatcher,
    logger: createConsoleLogger({ level: 'silent' }),
    workerId: options.workerId,
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
    timing: { ...DEFAULT_WORKER_TIMING, staleAfterSeconds: 60, ...options.timing },
    metrics: createWorkerMetrics(),
    throttle: createProgressEventThrottle(),
  };
  return {
    rt,
    db,
    storage,
    dispatcher,
    dir,
    async close() {
      await dispatcher.close();
      await storage.close();
      await db.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
