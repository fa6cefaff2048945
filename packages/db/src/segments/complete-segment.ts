import type { Sql } from '../sql.js';

/**
 * Publishes a segment's output, conditionally, as completeJob does for a job: true for exactly
 * one attempt, the current holder, and only while the job itself is still processing; a loser
 * deletes the object it wrote.
 *
 * The job's state matters because a job that ended (failed, cancelled) has had its scratch
 * (`jobs/<id>/work/`) removed by recordJobEnded: a segment uploaded after that and completed
 * anyway would be an object nothing ever deletes. Refused, its own attempt deletes it. The object
 * is always written before this runs, so one uploaded before the job ended is already under the
 * prefix that removal lists, whichever way this race goes.
 */
export async function completeSegment(
  sql: Sql,
  input: { jobId: string; index: number; attemptId: string; outputKey: string },
): Promise<boolean> {
  const { rowCount } = await sql.query(
    `UPDATE job_segments SET
       state = 'completed', output_key = $4, lease_expires_at = NULL, finished_at = now()
     WHERE job_id = $1 AND segment_index = $2 AND attempt_id = $3 AND state = 'processing'
       AND EXISTS (SELECT 1 FROM jobs WHERE id = $1 AND state = 'processing')`,
    [input.jobId, input.index, input.attemptId, input.outputKey],
  );
  return rowCount === 1;
}
