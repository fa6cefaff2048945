import { EcgError } from '@ecg-render/errors';
import type { Sql } from '../sql.js';
import type { Job, JobScope, JobState } from './job.js';
import { jobFromRow, type JobRow } from './job-row.js';
import { jobScopeClause } from './job-scope-clause.js';

export interface ListJobsInput {
  scope: JobScope;
  /** Only jobs in these states. */
  states?: JobState[];
  /** 1-200, default 50. */
  limit?: number;
  /** nextCursor of the previous page. */
  cursor?: string | null;
}

export interface JobPage {
  jobs: Job[];
  /** Null on the last page. */
  nextCursor: string | null;
}

/**
 * Newest first, in pages. Keyset paging on the insertion sequence: a job created or deleted
 * while a client pages through never shifts a page, so nothing is skipped or shown twice (offset
 * paging would). The cursor is opaque to clients.
 */
export async function listJobs(sql: Sql, input: ListJobsInput): Promise<JobPage> {
  const limit = Math.min(Math.max(Math.trunc(input.limit ?? 50), 1), 200);
  const params: unknown[] = [];
  const where: string[] = [];
  const scope = jobScopeClause(input.scope, 1);
  where.push(scope.clause);
  params.push(...scope.params);
  if (input.states !== undefined) {
    params.push(input.states);
    where.push(`state = ANY($${params.length}::text[])`);
  }
  if (input.cursor != null) {
    params.push(decodeCursor(input.cursor));
    where.push(`seq < $${params.length}::bigint`);
  }
  params.push(limit + 1);
  const { rows } = await sql.query<JobRow & { seq: string | number }>(
    `SELECT * FROM jobs WHERE ${where.join(' AND ')} ORDER BY seq DESC LIMIT $${params.length}`,
    params,
  );
  const page = rows.slice(0, limit);
  const last = page[page.length - 1];
  return {
    jobs: page.map(jobFromRow),
    nextCursor: rows.length > limit && last !== undefined ? encodeCursor(last.seq) : null,
  };
}

function encodeCursor(seq: string | number): string {
  return Buffer.from(`jobs:${seq}`).toString('base64url');
}

function decodeCursor(cursor: string): string {
  const match = /^jobs:(\d{1,19})$/.exec(Buffer.from(cursor, 'base64url').toString('utf8'));
  if (!match) throw new EcgError('INVALID_REQUEST', 'The page cursor is not valid');
  return match[1]!;
}
