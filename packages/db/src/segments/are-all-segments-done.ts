import type { Sql } from '../sql.js';

/**
 * True when the job has segments and every one is completed: the moment to join them. A job
 * without segments is not "done" (nothing was planned, or it renders in one pass).
 */
export async function areAllSegmentsDone(sql: Sql, jobId: string): Promise<boolean> {
  const { rows } = await sql.query<{ done: boolean }>(
    `SELECT count(*) > 0 AND bool_and(state = 'completed') AS done
       FROM job_segments WHERE job_id = $1`,
    [jobId],
  );
  return rows[0]?.done ?? false;
}
