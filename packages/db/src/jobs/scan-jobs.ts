import type { Sql } from '../sql.js';
import type { Job } from './job.js';
import { jobFromRow, type JobRow } from './job-row.js';

/**
 * Where a scan over jobs stopped: the last row's sort time, written by PostgreSQL in ISO 8601
 * with its microseconds (a JavaScript Date keeps only milliseconds, and a cursor that rounds
 * would return the same row again), and its insertion sequence to break ties.
 */
export interface ScanCursor {
  at: string;
  seq: string;
}

export interface JobScanPage {
  jobs: Job[];
  /** Where the next page starts; null when this page reached the end. */
  next: ScanCursor | null;
}

/**
 * One page of a keyset scan over jobs, in `(orderBy, seq)` order, after `after`: for the
 * reconciler's finders, whose rows can outnumber one page (a backlog after Redis lost its data)
 * and must all be reached, not the same first page on every pass. `where` refers to the row as
 * `j` and to `params` as $1…$n.
 */
export async function scanJobs(
  sql: Sql,
  input: {
    where: string;
    params: readonly unknown[];
    orderBy: 'queued_at' | 'heartbeat_at' | 'finished_at';
    limit: number;
    after: ScanCursor | null;
  },
): Promise<JobScanPage> {
  const column = `j.${input.orderBy}`;
  const n = input.params.length;
  const { rows } = await sql.query<JobRow & { cursor_at: string; cursor_seq: string }>(
    `SELECT j.*,
            to_char(${column} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS cursor_at,
            j.seq::text AS cursor_seq
       FROM jobs j
      WHERE (${input.where})
        AND ($${n + 1}::timestamptz IS NULL
             OR (${column}, j.seq) > ($${n + 1}::timestamptz, $${n + 2}::bigint))
      ORDER BY ${column}, j.seq
      LIMIT $${n + 3}`,
    [...input.params, input.after?.at ?? null, input.after?.seq ?? null, input.limit],
  );
  const last = rows[rows.length - 1];
  return {
    jobs: rows.map(jobFromRow),
    next:
      rows.length === input.limit && last !== undefined
        ? { at: last.cursor_at, seq: last.cursor_seq }
        : null,
  };
}
