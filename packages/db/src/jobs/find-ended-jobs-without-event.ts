import type { Sql } from '../sql.js';
import { scanJobs, type JobScanPage, type ScanCursor } from './scan-jobs.js';

/**
 * Jobs with a webhook that ended (completed, failed, cancelled) between `endedWithinSeconds` and
 * `endedMoreThanSecondsAgo` ago and have no ending event recorded, one page after `after`,
 * earliest ending first. The one who ends a job records its event right after the update that
 * ended it; if that write failed (the database went away in between), the retry of the task sees
 * a finished job and returns, and nobody else would ever tell the receiver. The reconciler records
 * it instead; the event's stable id (jobEventId) makes a race with a late original harmless.
 *
 * The event types are packages/jobs' `job.<ending>`; any of them counts, as a job ends once.
 */
export async function findEndedJobsWithoutEvent(
  sql: Sql,
  input: {
    endedMoreThanSecondsAgo: number;
    endedWithinSeconds: number;
    limit?: number;
    after?: ScanCursor | null;
  },
): Promise<JobScanPage> {
  return scanJobs(sql, {
    // The first two conditions are the predicate of the partial index jobs_ended_with_webhook.
    where: `j.webhook_url IS NOT NULL
            AND j.state IN ('completed', 'failed', 'cancelled')
            AND j.finished_at < now() - $1::double precision * interval '1 second'
            AND j.finished_at > now() - $2::double precision * interval '1 second'
            AND NOT EXISTS (
              SELECT 1 FROM webhook_deliveries d
               WHERE d.job_id = j.id
                 AND d.event_type IN ('job.completed', 'job.failed', 'job.cancelled'))`,
    params: [input.endedMoreThanSecondsAgo, input.endedWithinSeconds],
    orderBy: 'finished_at',
    limit: input.limit ?? 100,
    after: input.after ?? null,
  });
}
