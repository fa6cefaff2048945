import type { Sql } from '../sql.js';
import type { Job } from './job.js';
import { jobFromRow, type JobRow } from './job-row.js';
import { NO_API_KEY_ID } from './no-api-key-id.js';

/**
 * The job a client knows by its own id (`external_id`, e.g. the ECG backend's jobId), among the
 * jobs of `apiKeyId` (null: the jobs created without a key), or null. External ids are unique
 * per key only, so the key is part of the lookup; it matches the (key, external_id) unique index.
 */
export async function getJobByExternalId(
  sql: Sql,
  input: { externalId: string; apiKeyId: string | null },
): Promise<Job | null> {
  const { rows } = await sql.query<JobRow>(
    `SELECT * FROM jobs
      WHERE COALESCE(api_key_id, '${NO_API_KEY_ID}'::uuid) = COALESCE($1::uuid, '${NO_API_KEY_ID}'::uuid)
        AND external_id = $2`,
    [input.apiKeyId, input.externalId],
  );
  return rows[0] === undefined ? null : jobFromRow(rows[0]);
}
