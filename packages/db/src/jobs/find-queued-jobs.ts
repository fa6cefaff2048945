import type { Sql } from '../sql.js';
import { scanJobs, type JobScanPage, type ScanCursor } from './scan-jobs.js';

/**
 * Jobs that have waited in the queue for more than `olderThanSeconds`, longest first, one page
 * after `after`: for the reconciler, which enqueues them again in case the queue lost them (the
 * database is the source of truth; enqueuing is idempotent because the queue's job id is the
 * job's id). Enqueuing leaves a job queued, so the reconciler pages on with `next` rather than
 * asking for the first page again.
 */
export async function findQueuedJobs(
  sql: Sql,
  input: { olderThanSeconds: number; limit?: number; after?: ScanCursor | null },
): Promise<JobScanPage> {
  return scanJobs(sql, {
    where: `j.state = 'queued' AND j.queued_at < now() - $1::double precision * interval '1 second'`,
    params: [input.olderThanSeconds],
    orderBy: 'queued_at',
    limit: input.limit ?? 100,
    after: input.after ?? null,
  });
}
