import type { Sql } from '../sql.js';

/** Renews a segment's lease; false when this attempt no longer holds it. */
export async function heartbeatSegment(
  sql: Sql,
  input: { jobId: string; index: number; attemptId: string; leaseSeconds: number },
): Promise<boolean> {
  const { rowCount } = await sql.query(
    `UPDATE job_segments SET
       heartbeat_at = now(),
       lease_expires_at = now() + $4::double precision * interval '1 second'
     WHERE job_id = $1 AND segment_index = $2 AND attempt_id = $3 AND state = 'processing'`,
    [input.jobId, input.index, input.attemptId, input.leaseSeconds],
  );
  return rowCount === 1;
}
