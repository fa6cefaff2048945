import type { Sql } from '../sql.js';
import { JOB_STATES, type JobScope, type JobState } from './job.js';
import { jobScopeClause } from './job-scope-clause.js';

/** How many jobs are in each state (every state present, zeros included), e.g. for /metrics. */
export async function countJobsByState(
  sql: Sql,
  input: { scope: JobScope } = { scope: { kind: 'all' } },
): Promise<Record<JobState, number>> {
  const scope = jobScopeClause(input.scope, 1);
  const { rows } = await sql.query<{ state: JobState; count: number }>(
    `SELECT state, count(*)::int AS count FROM jobs WHERE ${scope.clause} GROUP BY state`,
    scope.params,
  );
  const counts = Object.fromEntries(JOB_STATES.map((state) => [state, 0])) as Record<
    JobState,
    number
  >;
  for (const row of rows) counts[row.state] = row.count;
  return counts;
}
