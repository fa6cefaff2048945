import type { Sql } from '../sql.js';

/**
 * Marks a segment failed; the job's attempt then decides to retry it (releaseSegment with
 * attemptId null) or to fail the job. False when this attempt did not hold it.
 */
export async function failSegment(
  sql: Sql,
  input: {
    jobId: string;
    index: number;
    attemptId: string;
    error: { code: string; message: string };
  },
): Promise<boolean> {
  const { rowCount } = await sql.query(
    `UPDATE job_segments SET
       state = 'failed', error_code = $4, error_message = $5, lease_expires_at = NULL,
       finished_at = now()
     WHERE job_id = $1 AND segment_index = $2 AND attempt_id = $3 AND state = 'processing'`,
    [input.jobId, input.index, input.attemptId, input.error.code, input.error.message],
  );
  return rowCount === 1;
}
