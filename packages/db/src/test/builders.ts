import { randomUUID } from 'node:crypto';
import { createApiKey } from '../api-keys/create-api-key.js';
import { claimJob } from '../jobs/claim-job.js';
import { createJob, type CreateJobInput } from '../jobs/create-job.js';
import type { Job, JobScope } from '../jobs/job.js';
import type { Sql } from '../sql.js';
import type { ApiKeyQuotas } from '../api-keys/api-key.js';

/** A createJob input with defaults; tests override what they are about. */
export function jobInput(overrides: Partial<CreateJobInput> = {}): CreateJobInput {
  return {
    apiKeyId: null,
    source: { kind: 'url', url: 'https://media.example.com/clip.mp4' },
    scenario: {
      kind: 'inline',
      scenario: { version: '2.0', cues: [{ id: 'a', words: ['x', 'y'] }] },
    },
    options: { width: 1920, height: 1080, fps: 30, crf: [18, 23] },
    ...overrides,
  };
}

export async function givenJob(sql: Sql, overrides: Partial<CreateJobInput> = {}): Promise<Job> {
  return (await createJob(sql, jobInput(overrides))).job;
}

/** A job already claimed by a fresh attempt; returns the job and the attempt id. */
export async function givenProcessingJob(
  sql: Sql,
  overrides: Partial<CreateJobInput> = {},
): Promise<{ job: Job; attemptId: string }> {
  const created = await givenJob(sql, overrides);
  const attemptId = randomUUID();
  const job = await claimJob(sql, { id: created.id, attemptId, workerId: 'w1', leaseSeconds: 60 });
  if (job === null) throw new Error('claim failed in a builder');
  return { job, attemptId };
}

export async function givenApiKey(
  sql: Sql,
  quotas: Partial<ApiKeyQuotas> = {},
): Promise<{ id: string; key: string; scope: JobScope }> {
  const { id, key } = await createApiKey(sql, { name: `test ${randomUUID().slice(0, 8)}`, quotas });
  return { id, key, scope: { kind: 'apiKey', apiKeyId: id } };
}

export const ALL: JobScope = { kind: 'all' };

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Moves a job's heartbeat into the past, as if its worker had gone silent. */
export async function ageHeartbeat(
  sql: Sql,
  input: { id: string; seconds: number },
): Promise<void> {
  await sql.query(
    `UPDATE jobs SET heartbeat_at = now() - $2::double precision * interval '1 second',
                     lease_expires_at = now() - interval '1 second'
      WHERE id = $1`,
    [input.id, input.seconds],
  );
}
