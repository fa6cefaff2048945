import type { Sql } from '../sql.js';
import { scanJobs, type JobScanPage, type ScanCursor } from './scan-jobs.js';

/**
 * Processing jobs whose holder has not been heard from for `heartbeatOlderThanSeconds`, oldest
 * silence first, one page after `after`: for the reconciler, which releases them (releaseJob with
 * their attempt id, so a holder that wakes up meanwhile keeps its job) and enqueues them again.
 * Ages are measured on the database clock, the one clock every machine shares.
 */
export async function findStaleJobs(
  sql: Sql,
  input: { heartbeatOlderThanSeconds: number; limit?: number; after?: ScanCursor | null },
): Promise<JobScanPage> {
  return scanJobs(sql, {
    where: `j.state = 'processing'
            AND j.heartbeat_at < now() - $1::double precision * interval '1 second'`,
    params: [input.heartbeatOlderThanSeconds],
    orderBy: 'heartbeat_at',
    limit: input.limit ?? 100,
    after: input.after ?? null,
  });
}
