import { EcgError } from '@ecg-render/errors';
import type { Sql } from '../sql.js';
import { JOB_STATES, type Job, type JobScope } from './job.js';
import { jobFromRow, type JobRow } from './job-row.js';
import { jobScopeClause } from './job-scope-clause.js';
import { isFinishedJobState } from './job-state-machine.js';

const FINISHED = JOB_STATES.filter(isFinishedJobState);

/**
 * Deletes a finished job (and its segments) and returns it, so the caller can delete the objects
 * it names (source upload, stored scenario, output). Null when the scope cannot see it. A queued
 * or processing job is refused with CONFLICT: cancel it first, or a worker would go on rendering
 * into a job that no longer exists.
 */
export async function deleteJob(
  sql: Sql,
  input: { id: string; scope: JobScope },
): Promise<Job | null> {
  const scope = jobScopeClause(input.scope, 3);
  const { rows } = await sql.query<JobRow>(
    `DELETE FROM jobs WHERE id = $1 AND state = ANY($2::text[]) AND ${scope.clause} RETURNING *`,
    [input.id, FINISHED, ...scope.params],
  );
  if (rows[0] !== undefined) return jobFromRow(rows[0]);
  const lookupScope = jobScopeClause(input.scope, 2);
  const { rows: remaining } = await sql.query<{ state: string }>(
    `SELECT state FROM jobs WHERE id = $1 AND ${lookupScope.clause}`,
    [input.id, ...lookupScope.params],
  );
  if (remaining[0] === undefined) return null;
  throw new EcgError(
    'CONFLICT',
    `Job ${input.id} is ${remaining[0].state}; cancel it before deleting it`,
    {
      details: { state: remaining[0].state },
    },
  );
}
