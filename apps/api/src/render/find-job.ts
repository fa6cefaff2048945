import { getJob, type Job, type Sql } from '@ecg-render/db';
import { EcgError } from '@ecg-render/errors';
import type { Principal } from '../auth/principal.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * The job a path names, by our id or by the caller's external id (the ECG backend cancels by its
 * own jobId), within the principal's scope. NOT_FOUND otherwise: another key's job is
 * indistinguishable from no job.
 */
export async function findJob(
  sql: Sql,
  input: { ref: string; principal: Principal },
): Promise<Job> {
  const { ref, principal } = input;
  if (UUID.test(ref)) {
    const job = await getJob(sql, { id: ref.toLowerCase(), scope: principal.scope });
    if (job !== null) return job;
  }
  // packages/db has no lookup by external id; this read stays here until another caller needs it.
  // It matches the (key, external_id) unique index, so it is an index scan.
  const { rows } = await sql.query<{ id: string }>(
    `SELECT id FROM jobs
      WHERE external_id = $1
        AND COALESCE(api_key_id, '00000000-0000-0000-0000-000000000000'::uuid)
            = COALESCE($2::uuid, '00000000-0000-0000-0000-000000000000'::uuid)
      LIMIT 1`,
    [ref, principal.apiKeyId],
  );
  const id = rows[0]?.id;
  const job = id === undefined ? null : await getJob(sql, { id, scope: principal.scope });
  if (job === null)
    throw new EcgError('NOT_FOUND', `Job ${ref} not found`, { details: { jobId: ref } });
  return job;
}
