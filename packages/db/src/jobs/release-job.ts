import type { Sql } from '../sql.js';
import { settleReservedMinutes } from '../usage/settle-reserved-minutes.js';
import { jobSourcesFor } from './job-state-machine.js';

/**
 * Gives a job back: the attempt stops holding it and it is queued again, for another attempt
 * (graceful shutdown, a transient failure the queue will retry, or the reconciler reclaiming a
 * dead worker's job). `reason` is kept for users until the next attempt claims the job. If a
 * cancel was requested the job ends cancelled instead, which is also how a worker acknowledges a
 * cancel. Returns the job's new state, or null when this attempt did not hold it.
 */
export async function releaseJob(
  sql: Sql,
  input: { id: string; attemptId: string; reason?: { code: string; message: string } },
): Promise<'queued' | 'cancelled' | null> {
  return sql.transaction(async (tx) => {
    const { rows } = await tx.query<{
      state: 'queued' | 'cancelled';
      api_key_id: string | null;
      usage_day: string | null;
      reserved_minutes: number;
    }>(
      `UPDATE jobs SET
         state = CASE WHEN cancel_requested THEN 'cancelled' ELSE 'queued' END,
         -- Cleared when requeued, so the released attempt can no longer report or finish;
         -- kept on a cancelled job as the record of who ran last.
         attempt_id = CASE WHEN cancel_requested THEN attempt_id ELSE NULL END,
         worker_id = CASE WHEN cancel_requested THEN worker_id ELSE NULL END,
         lease_expires_at = NULL,
         progress = CASE WHEN cancel_requested THEN progress ELSE 0 END,
         fps = NULL,
         eta_seconds = NULL,
         error_code = CASE WHEN cancel_requested THEN NULL ELSE $3 END,
         error_message = CASE WHEN cancel_requested THEN NULL ELSE $4 END,
         finished_at = CASE WHEN cancel_requested THEN now() ELSE NULL END,
         queued_at = CASE WHEN cancel_requested THEN queued_at ELSE now() END
       WHERE id = $1 AND attempt_id = $2 AND state = ANY($5::text[])
       RETURNING state, api_key_id, usage_day::text AS usage_day, reserved_minutes`,
      [
        input.id,
        input.attemptId,
        input.reason?.code ?? null,
        input.reason?.message ?? null,
        jobSourcesFor('queued'),
      ],
    );
    const row = rows[0];
    if (row === undefined) return null;
    if (row.state === 'cancelled' && row.api_key_id !== null && row.usage_day !== null) {
      await settleReservedMinutes(tx, {
        apiKeyId: row.api_key_id,
        day: row.usage_day,
        reservedMinutes: row.reserved_minutes,
        renderedMinutes: 0,
      });
    }
    return row.state;
  });
}
