import type { Sql } from '../sql.js';
import type { Worker } from './worker.js';
import { workerFromRow, type WorkerRow } from './worker-row.js';

/** Registered workers by id; with `seenWithinSeconds`, only those heard from that recently. */
export async function listWorkers(
  sql: Sql,
  input: { seenWithinSeconds?: number } = {},
): Promise<Worker[]> {
  const { rows } = await sql.query<WorkerRow>(
    `SELECT * FROM workers
      WHERE $1::double precision IS NULL
         OR last_seen_at >= now() - $1::double precision * interval '1 second'
      ORDER BY id`,
    [input.seenWithinSeconds ?? null],
  );
  return rows.map(workerFromRow);
}
