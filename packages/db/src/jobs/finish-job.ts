import type { Sql } from '../sql.js';
import { settleReservedMinutes } from '../usage/settle-reserved-minutes.js';
import type { JobOutput, JobState } from './job.js';
import { jobSourcesFor } from './job-state-machine.js';

export type JobOutcome =
  | { state: 'completed'; output: JobOutput }
  | { state: 'failed'; error: { code: string; message: string } }
  | { state: 'cancelled' };

/**
 * The one conditional update that ends a job; completeJob and failJob are thin names over it.
 *
 * It matches only when `attemptId` is the job's current attempt and the state machine allows the
 * move (`attemptId` null matches a job no attempt holds, i.e. a queued one), so of any number of
 * racing attempts exactly one ends the job and the rest get null. A pending cancel request turns
 * any ending into `cancelled`: the user asked, and the output is not published. In the same
 * transaction, the key's reserved minutes are given back and the rendered ones counted.
 * Returns the state the job ended in, or null when this call did not end it.
 */
export async function finishJob(
  sql: Sql,
  input: { id: string; attemptId: string | null; outcome: JobOutcome },
): Promise<JobState | null> {
  const { outcome } = input;
  const output = outcome.state === 'completed' ? outcome.output : null;
  const error = outcome.state === 'failed' ? outcome.error : null;
  return sql.transaction(async (tx) => {
    const { rows } = await tx.query<{
      state: JobState;
      api_key_id: string | null;
      usage_day: string | null;
      reserved_minutes: number;
    }>(
      `UPDATE jobs SET
         state = CASE WHEN cancel_requested THEN 'cancelled' ELSE $3 END,
         output_key = CASE WHEN cancel_requested THEN NULL ELSE $4 END,
         output_size = CASE WHEN cancel_requested THEN NULL ELSE $5::bigint END,
         output_duration = CASE WHEN cancel_requested THEN NULL ELSE $6::double precision END,
         error_code = CASE WHEN cancel_requested THEN NULL ELSE $7 END,
         error_message = CASE WHEN cancel_requested THEN NULL ELSE $8 END,
         progress = CASE WHEN $3 = 'completed' AND NOT cancel_requested THEN 100 ELSE progress END,
         eta_seconds = NULL,
         lease_expires_at = NULL,
         finished_at = now()
       WHERE id = $1
         AND attempt_id IS NOT DISTINCT FROM $2
         AND state = ANY($9::text[])
       RETURNING state, api_key_id, usage_day::text AS usage_day, reserved_minutes`,
      [
        input.id,
        input.attemptId,
        outcome.state,
        output?.key ?? null,
        output?.sizeBytes ?? null,
        output?.durationSeconds ?? null,
        error?.code ?? null,
        error?.message ?? null,
        jobSourcesFor(outcome.state),
      ],
    );
    const row = rows[0];
    if (row === undefined) return null;
    if (row.api_key_id !== null && row.usage_day !== null) {
      await settleReservedMinutes(tx, {
        apiKeyId: row.api_key_id,
        day: row.usage_day,
        reservedMinutes: row.reserved_minutes,
        renderedMinutes:
          row.state === 'completed' && output !== null ? output.durationSeconds / 60 : 0,
      });
    }
    return row.state;
  });
}
