import type { Sql } from '../sql.js';

/** A worker's periodic "still here", with how many jobs it runs. False if it is not registered. */
export async function touchWorker(
  sql: Sql,
  input: { id: string; activeJobs: number },
): Promise<boolean> {
  const { rowCount } = await sql.query(
    'UPDATE workers SET last_seen_at = now(), active_jobs = $2 WHERE id = $1',
    [input.id, input.activeJobs],
  );
  return rowCount === 1;
}
