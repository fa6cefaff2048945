import type { Sql } from '../sql.js';
import type { Job } from './job.js';
import { jobFromRow, type JobRow } from './job-row.js';

/**
 * Processing jobs whose holder has not been heard from for `heartbeatOlderThanSeconds`, oldest
 * silence first: for the reconciler, which releases them (releaseJob with their attempt id, so a
 * holder that wakes up meanwhile keeps its job) and enqueues them again. Ages are measured on the
 * database clock, the one clock every machine shares.
 */
export async function findStaleJobs(
  sql: Sql,
  input: { heartbeatOlderThanSeconds: number; limit?: number },
): Promise<Job[]> {
  const { rows } = await sql.query<JobRow>(
    `SELECT * FROM jobs
      WHERE state = 'processing'
        AND heartbeat_at < now() - $1::double precision * interval '1 second'
      ORDER BY heartbeat_at, seq
      LIMIT $2`,
    [input.heartbeatOlderThanSeconds, input.limit ?? 100],
  );
  return rows.map(jobFromRow);
}
