import { EcgError } from '@ecg-render/errors';
import type { Sql } from '../sql.js';
import { settleReservedMinutes } from '../usage/settle-reserved-minutes.js';
import type { Job, JobScope } from './job.js';
import { jobFromRow, type JobRow } from './job-row.js';
import { jobScopeClause } from './job-scope-clause.js';

/**
 * A user's cancel. A queued job is cancelled at once; a processing one gets `cancel_requested`,
 * which its worker sees at its next progress report (it then stops and releases the job, which
 * ends it cancelled), and which turns any finish of the running attempt into `cancelled`. Asking
 * again is harmless. NOT_FOUND for a job the scope cannot see; CONFLICT for a completed or failed
 * one (there is nothing left to cancel). Returns the job as it is after the call.
 */
export async function cancelJob(sql: Sql, input: { id: string; scope: JobScope }): Promise<Job> {
  return sql.transaction(async (tx) => {
    const scope = jobScopeClause(input.scope, 2);
    // The row lock orders this against a worker finishing the job at the same moment.
    const { rows } = await tx.query<JobRow>(
      `SELECT * FROM jobs WHERE id = $1 AND ${scope.clause} FOR UPDATE`,
      [input.id, ...scope.params],
    );
    const current = rows[0];
    if (current === undefined) throw new EcgError('NOT_FOUND', `Job ${input.id} not found`);
    switch (current.state) {
      case 'queued': {
        const { rows: updated } = await tx.query<JobRow & { usage_day_text: string | null }>(
          `UPDATE jobs SET state = 'cancelled', finished_at = now() WHERE id = $1
           RETURNING *, usage_day::text AS usage_day_text`,
          [input.id],
        );
        const row = updated[0]!;
        if (row.api_key_id !== null && row.usage_day_text !== null) {
          await settleReservedMinutes(tx, {
            apiKeyId: row.api_key_id,
            day: row.usage_day_text,
            reservedMinutes: row.reserved_minutes,
            renderedMinutes: 0,
          });
        }
        return jobFromRow(row);
      }
      case 'processing': {
        const { rows: updated } = await tx.query<JobRow>(
          'UPDATE jobs SET cancel_requested = true WHERE id = $1 RETURNING *',
          [input.id],
        );
        return jobFromRow(updated[0]!);
      }
      case 'cancelled':
        return jobFromRow(current);
      case 'completed':
      case 'failed':
        throw new EcgError('CONFLICT', `Job ${input.id} already ${current.state}`, {
          details: { state: current.state },
        });
    }
  });
}
