import type { S3TestServer } from '@ecg-render/storage/testing';
import { testEnv } from './test-config.js';

/** The environment of a distributed-mode worker on this test's PostgreSQL, Redis and s3rver. */
export function distributedEnv(input: {
  databaseUrl: string;
  redisUrl: string;
  s3: S3TestServer;
  dataDir: string;
  workerId: string;
  extra?: Record<string, string>;
}): Record<string, string> {
  return testEnv({
    ECG_RENDER_MODE: 'worker',
    DATA_DIR: input.dataDir,
    WORKER_ID: input.workerId,
    DATABASE_URL: input.databaseUrl,
    REDIS_URL: input.redisUrl,
    STORAGE: 's3',
    S3_ENDPOINT: input.s3.endpoint,
    S3_BUCKET: input.s3.bucket,
    S3_ACCESS_KEY_ID: input.s3.credentials.accessKeyId,
    S3_SECRET_ACCESS_KEY: input.s3.credentials.secretAccessKey,
    LOG_LEVEL: 'info',
    ...input.extra,
  });
}
