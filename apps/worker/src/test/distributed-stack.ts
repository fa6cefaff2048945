import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Db } from '@ecg-render/db';
import { createBullDispatcher, type RuntimeDispatcher } from '@ecg-render/jobs';
import { cleanQueues } from '@ecg-render/queue/testing';
import { createS3Storage, type Storage } from '@ecg-render/storage';
import { startS3Server, type S3TestServer } from '@ecg-render/storage/testing';
import { distributedEnv } from './distributed-env.js';
import { listStoredKeys } from './list-stored-keys.js';
import { createPostgresTestDatabase } from './postgres-test-database.js';

/** The Redis this machine runs; each test keeps to queues under its own prefix there. */
export const SHARED_REDIS_URL = 'redis://127.0.0.1:6379';

export interface DistributedStack {
  /** A temp folder of the test's own. */
  dir: string;
  /** A migrated PostgreSQL database of the test's own. */
  db: Db;
  databaseUrl: string;
  s3: S3TestServer;
  storage: Storage;
  /** BullMQ on the shared Redis, under `prefix`. */
  dispatcher: RuntimeDispatcher;
  prefix: string;
  /** The environment of a worker process of this stack (distributedEnv). */
  workerEnv(input: {
    workerId: string;
    dataDir: string;
    extra?: Record<string, string>;
  }): Record<string, string>;
  /** The keys really stored under `prefix` in the bucket (read from s3rver's folder). */
  storedKeys(prefix: string): Promise<string[]>;
  /** Closes and removes all of it: queues, bucket, database, folder. Workers are the test's. */
  close(): Promise<void>;
}

/** What a distributed-mode test runs on: PostgreSQL, Redis (BullMQ) and an s3rver of its own. */
export async function startDistributedStack(name: string): Promise<DistributedStack> {
  const dir = mkdtempSync(join(tmpdir(), `ecg-${name}-`));
  const database = await createPostgresTestDatabase();
  const s3 = await startS3Server();
  const storage = createS3Storage(s3.storageOptions());
  const prefix = `ecg-worker-${name}-${randomBytes(4).toString('hex')}`;
  const dispatcher = createBullDispatcher({ connection: { url: SHARED_REDIS_URL }, prefix });
  return {
    dir,
    db: database.db,
    databaseUrl: database.url,
    s3,
    storage,
    dispatcher,
    prefix,
    workerEnv: (input) =>
      distributedEnv({ databaseUrl: database.url, redisUrl: SHARED_REDIS_URL, s3, ...input }),
    storedKeys: (keyPrefix) =>
      listStoredKeys({ dir: join(s3.directory, s3.bucket), kind: 's3rver', prefix: keyPrefix }),
    async close() {
      await dispatcher.close();
      await cleanQueues({ connection: { url: SHARED_REDIS_URL }, prefix });
      await storage.close();
      await s3.close();
      await database.dispose();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
