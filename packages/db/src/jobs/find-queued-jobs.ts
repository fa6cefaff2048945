import type { Sql } from '../sql.js';
import type { Job } from './job.js';
import { jobFromRow, type JobRow } from './job-row.js';

/**
 * Jobs that have waited in the queue for more than `olderThanSeconds`, longest first: for the reconciler, which
 * enqueues them again in case the queue lost them (the database is the source of truth; enqueuing
 * is idempotent because the queue's job id is the job's id).
 */
export async function findQueuedJobs(
  sql: Sql,
  input: { olderThanSeconds: number; limit?: number },
): Promise<Job[]> {
  const { rows } = await sql.query<JobRow>(
    `SELECT * FROM jobs
      WHERE state = 'queued'
        AND queued_at < now() - $1::double precision * interval '1 second'
      ORDER BY queued_at, seq
      LIMIT $2`,
    [input.olderThanSeconds, input.limit ?? 100],
  );
  return rows.map(jobFromRow);
}
