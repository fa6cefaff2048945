import type { Sql } from '../sql.js';

/**
 * Publishes a segment's output, conditionally, as completeJob does for a job: true for exactly
 * one attempt, the current holder; a loser deletes the object it wrote.
 */
export async function completeSegment(
  sql: Sql,
  input: { jobId: string; index: number; attemptId: string; outputKey: string },
): Promise<boolean> {
  const { rowCount } = await sql.query(
    `UPDATE job_segments SET
       state = 'completed', output_key = $4, lease_expires_at = NULL, finished_at = now()
     WHERE job_id = $1 AND segment_index = $2 AND attempt_id = $3 AND state = 'processing'`,
    [input.jobId, input.index, input.attemptId, input.outputKey],
  );
  return rowCount === 1;
}
