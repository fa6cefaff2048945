import { randomUUID } from 'node:crypto';
import { EcgError } from '@ecg-render/errors';
import type { Sql } from '../sql.js';
import { checkAndReserveQuota } from '../usage/check-and-reserve-quota.js';
import type { CallbackStyle, Job, JobScenario, JobSource } from './job.js';
import { jobFromRow, type JobRow } from './job-row.js';
import { hashJobRequest } from './hash-job-request.js';
import { NO_API_KEY_ID } from './no-api-key-id.js';

export interface CreateJobInput {
  /** Defaults to a random uuid; pass one when storage keys must name the job before it exists. */
  id?: string;
  /** Null: created without a key (standalone, AUTH disabled); no quota applies. */
  apiKeyId: string | null;
  source: JobSource;
  scenario: JobScenario;
  options?: Record<string, unknown>;
  webhookUrl?: string | null;
  callbackStyle?: CallbackStyle;
  externalId?: string | null;
  idempotencyKey?: string | null;
  /**
   * Identifies the request for idempotency. Defaults to a hash of what is stored; the API should
   * pass a hash of the request as received (an upload's content differs, its new key does not).
   */
  requestHash?: string;
  /** Minutes to reserve against the key's daily quota (the output length when known, else 0). */
  estimatedMinutes?: number;
}

export interface CreateJobResult {
  job: Job;
  /** False when an earlier identical request already created it (idempotent retry). */
  created: boolean;
}

/**
 * Creates a queued job, idempotently and within the key's quotas, in one transaction.
 *
 * A request with an idempotency key or external id that matches an existing job of the same key
 * returns that job when the request is the same (same hash), and fails with CONFLICT when it is
 * not: a reused key must not silently return some other job. Quota (checkAndReserveQuota) is
 * checked and reserved in the same transaction, after the key's row is locked, so concurrent
 * submissions of one key are serialised and a retry never consumes quota twice.
 */
export async function createJob(sql: Sql, input: CreateJobInput): Promise<CreateJobResult> {
  const options = input.options ?? {};
  const requestHash =
    input.requestHash ??
    hashJobRequest({
      source: input.source,
      scenario: input.scenario,
      options,
      webhookUrl: input.webhookUrl ?? null,
      callbackStyle: input.callbackStyle ?? 'standard',
      externalId: input.externalId ?? null,
    });

  return sql.transaction(async (tx) => {
    if (input.apiKeyId !== null) {
      // Taking the key's lock first makes "look for an existing job, then insert" atomic for
      // this key; checkAndReserveQuota takes the same (already held) lock again.
      await tx.query('SELECT 1 FROM api_keys WHERE id = $1 FOR NO KEY UPDATE', [input.apiKeyId]);
    }
    const existing = await findExisting(tx, input);
    if (existing !== null)
      return { job: sameRequestOrConflict(existing, input, requestHash), created: false };

    const reservation =
      input.apiKeyId === null
        ? null
        : await checkAndReserveQuota(tx, {
            apiKeyId: input.apiKeyId,
            minutes: input.estimatedMinutes ?? 0,
          });

    const { rows } = await tx.query<JobRow>(
      `INSERT INTO jobs (id, api_key_id, source, scenario, scenario_key, options, webhook_url,
                         callback_style, external_id, idempotency_key, request_hash,
                         reserved_minutes, usage_day)
       VALUES ($1, $2, $3::jsonb, $4::jsonb, $5, $6::jsonb, $7, $8, $9, $10, $11, $12, $13::date)
       ON CONFLICT DO NOTHING
       RETURNING *`,
      [
        input.id ?? randomUUID(),
        input.apiKeyId,
        JSON.stringify(input.source),
        input.scenario.kind === 'inline' ? JSON.stringify(input.scenario.scenario) : null,
        input.scenario.kind === 'stored' ? input.scenario.key : null,
        // Always stringified: pg would turn a JS array into a PostgreSQL array, not JSON.
        JSON.stringify(options),
        input.webhookUrl ?? null,
        input.callbackStyle ?? 'standard',
        input.externalId ?? null,
        input.idempotencyKey ?? null,
        requestHash,
        reservation?.minutes ?? 0,
        reservation?.day ?? null,
      ],
    );
    if (rows[0] !== undefined) return { job: jobFromRow(rows[0]), created: true };

    // Nothing inserted: a concurrent transaction committed the same idempotency key or external
    // id first (possible only without an API key, whose lock would have serialised us), or the
    // caller's id is taken.
    const raced = await findExisting(tx, input);
    if (raced !== null)
      return { job: sameRequestOrConflict(raced, input, requestHash), created: false };
    throw new EcgError('CONFLICT', `A job with id ${input.id} already exists`);
  });
}

async function findExisting(tx: Sql, input: CreateJobInput): Promise<Job | null> {
  if (input.idempotencyKey == null && input.externalId == null) return null;
  const { rows } = await tx.query<JobRow>(
    // The COALESCE spelling matches the unique indexes, so both lookups are index scans.
    `SELECT * FROM jobs
      WHERE COALESCE(api_key_id, '${NO_API_KEY_ID}'::uuid) = COALESCE($1::uuid, '${NO_API_KEY_ID}'::uuid)
        AND (idempotency_key = $2 OR external_id = $3)
      ORDER BY seq
      LIMIT 1`,
    [input.apiKeyId, input.idempotencyKey ?? null, input.externalId ?? null],
  );
  return rows[0] === undefined ? null : jobFromRow(rows[0]);
}

function sameRequestOrConflict(job: Job, input: CreateJobInput, requestHash: string): Job {
  if (job.requestHash === requestHash) return job;
  const field =
    input.idempotencyKey != null && job.idempotencyKey === input.idempotencyKey
      ? 'idempotencyKey'
      : 'externalId';
  throw new EcgError(
    'CONFLICT',
    field === 'idempotencyKey'
      ? 'This Idempotency-Key was already used for a different request'
      : `A different job with external id ${input.externalId} already exists`,
    { details: { field, jobId: job.id } },
  );
}
