import type { Sql } from '../sql.js';
import type { Job } from './job.js';
import { jobFromRow, type JobRow } from './job-row.js';
import { jobSourcesFor } from './job-state-machine.js';

export interface ClaimJobInput {
  id: string;
  /** New for every attempt (a random uuid): it names this attempt's output and its right to finish. */
  attemptId: string;
  workerId: string;
  /** How long the claim holds without a heartbeat before another attempt may take over. */
  leaseSeconds: number;
}

/**
 * Makes `attemptId` the job's current attempt: a queued job, or a processing one whose holder's
 * lease ran out (its worker died or hung; the queue delivered the job again). Returns the job, or
 * null when it cannot be claimed: finished, cancelled, cancel requested, or held under a live
 * lease by another attempt. After a takeover the old attempt can no longer report progress or
 * finish the job: every such write is conditional on the current attempt id.
 */
export async function claimJob(sql: Sql, input: ClaimJobInput): Promise<Job | null> {
  const { rows } = await sql.query<JobRow>(
    `UPDATE jobs SET
       state = 'processing',
       attempt_id = $2,
       attempts = attempts + 1,
       worker_id = $3,
       heartbeat_at = now(),
       lease_expires_at = now() + $4::double precision * interval '1 second',
       started_at = COALESCE(started_at, now()),
       error_code = NULL,
       error_message = NULL
     WHERE id = $1
       AND state = ANY($5::text[])
       AND NOT cancel_requested
       AND (state = 'queued' OR lease_expires_at < now())
     RETURNING *`,
    [input.id, input.attemptId, input.workerId, input.leaseSeconds, jobSourcesFor('processing')],
  );
  return rows[0] === undefined ? null : jobFromRow(rows[0]);
}
