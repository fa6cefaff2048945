import { getJob, getJobByExternalId, type Job, type Sql } from '@ecg-render/db';
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
  // The key is part of the lookup (external ids are unique per key), which keeps it in scope.
  const job = await getJobByExternalId(sql, { externalId: ref, apiKeyId: principal.apiKeyId });
  if (job === null)
    throw new EcgError('NOT_FOUND', `Job ${ref} not found`, { details: { jobId: ref } });
  return job;
}
