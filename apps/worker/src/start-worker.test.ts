import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Sql } from '@ecg-render/db';
import { EcgError } from '@ecg-render/errors';
import { createInProcessDispatcher } from '@ecg-render/jobs';
import { cleanQueues } from '@ecg-render/queue/testing';
import { createLocalStorage } from '@ecg-render/storage';
import { startWorker } from './start-worker.js';
import { createPostgresTestDatabase } from './test/postgres-test-database.js';
import { CPU_CAPABILITIES, spawnWorker } from './test/spawn-worker.js';
import { testConfig, testEnv } from './test/test-config.js';
import { waitFor } from './test/wait-for.js';
import { createConsoleLogger } from './worker-logger.js';

const REDIS = 'redis://127.0.0.1:6379';

// A start that does not finish leaves nothing behind: the temp folder is this process's.
describe('startWorker when the start does not finish', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'ecg-start-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const workerDirs = (dataDir: string): string[] => {
    const root = join(dataDir, 'tmp', 'workers');
    return existsSync(root) ? readdirSync(root) : [];
  };

  it('removes its temp folder when registering fails', async () => {
    const dataDir = join(dir, 'register');
    // The database goes away between migrating and registering.
    const down: Sql = {
      query: () => Promise.reject(new EcgError('DATABASE_UNAVAILABLE', 'connection refused')),
      exec: () => Promise.reject(new EcgError('DATABASE_UNAVAILABLE', 'connection refused')),
      transaction: () => Promise.reject(new EcgError('DATABASE_UNAVAILABLE', 'connection refused')),
    };
    const dispatcher = createInProcessDispatcher();
    const storage = createLocalStorage({ root: join(dataDir, 'storage') });
    await expect(
      startWorker({
        config: testConfig({ DATA_DIR: dataDir, WORKER_ID: 'doomed' }),
        sql: down,
        storage,
        dispatcher,
        logger: createConsoleLogger({ level: 'silent' }),
        capabilities: CPU_CAPABILITIES,
      }),
    ).rejects.toMatchObject({ code: 'DATABASE_UNAVAILABLE' });
    expect(workerDirs(dataDir)).toEqual([]);
    await dispatcher.close();
    await storage.close();
  });

  it('stops on SIGTERM during its start-up and removes its temp folder', async () => {
    const database = await createPostgresTestDatabase();
    const prefix = `ecg-worker-start-${randomBytes(4).toString('hex')}`;
    const dataDir = join(dir, 'sigterm');
    // An FFmpeg that never answers: capability detection (trial encodes, seconds in real life)
    // is still running when the signal comes.
    const ffmpeg = join(dir, 'slow-ffmpeg');
    writeFileSync(ffmpeg, '#!/bin/sh\nexec sleep 60\n');
    chmodSync(ffmpeg, 0o755);
    const worker = spawnWorker({
      env: testEnv({
        ECG_RENDER_MODE: 'worker',
        DATA_DIR: dataDir,
        WORKER_ID: 'starting',
        DATABASE_URL: database.url,
        REDIS_URL: REDIS,
        QUEUE_PREFIX: prefix,
        STORAGE: 'local',
        FFMPEG_PATH: ffmpeg,
        LOG_LEVEL: 'info',
      }),
    });
    try {
      await waitFor('its temp folder', () => workerDirs(dataDir).length === 1, 60_000, 50).catch(
        (error: unknown) => {
          throw new Error(`${String(error)}\n${worker.output()}`);
        },
      );
      worker.child.kill('SIGTERM');
      expect(await worker.exited, worker.output()).toBe(0);
      expect(workerDirs(dataDir), worker.output()).toEqual([]);
    } finally {
      worker.child.kill('SIGKILL');
      await worker.exited;
      await cleanQueues({ connection: { url: REDIS }, prefix });
      await database.dispose();
    }
  });
});
