import type { Sql } from '../sql.js';

/**
 * Puts a segment back in the queue for another attempt: from its holder (`attemptId`, e.g. at
 * shutdown), or a failed one being retried (`attemptId` null). False when nothing matched.
 */
export async function releaseSegment(
  sql: Sql,
  input: { jobId: string; index: number; attemptId: string | null },
): Promise<boolean> {
  const { rowCount } = await sql.query(
    `UPDATE job_segments SET
       state = 'queued', attempt_id = NULL, worker_id = NULL, lease_expires_at = NULL,
       finished_at = NULL
     WHERE job_id = $1 AND segment_index = $2
       AND CASE WHEN $3::text IS NULL THEN state = 'failed'
                ELSE state = 'processing' AND attempt_id = $3 END`,
    [input.jobId, input.index, input.attemptId],
  );
  return rowCount === 1;
}
