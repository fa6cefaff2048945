import type { Sql } from '../sql.js';
import type { Job, JobScope } from './job.js';
import { jobFromRow, type JobRow } from './job-row.js';
import { jobScopeClause } from './job-scope-clause.js';

/** The job, or null when it does not exist or belongs to another key (the same answer, 404). */
export async function getJob(
  sql: Sql,
  input: { id: string; scope: JobScope },
): Promise<Job | null> {
  const scope = jobScopeClause(input.scope, 2);
  const { rows } = await sql.query<JobRow>(`SELECT * FROM jobs WHERE id = $1 AND ${scope.clause}`, [
    input.id,
    ...scope.params,
  ]);
  return rows[0] === undefined ? null : jobFromRow(rows[0]);
}
