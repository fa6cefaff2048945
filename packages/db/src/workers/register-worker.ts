import type { Sql } from '../sql.js';
import type { Worker } from './worker.js';
import { workerFromRow, type WorkerRow } from './worker-row.js';

/**
 * Records a worker at start-up with what it can do. A restart under the same WORKER_ID replaces
 * the old record (new start time, new capabilities, no active jobs).
 */
export async function registerWorker(
  sql: Sql,
  input: { id: string; hostname: string; mode: string; capabilities: Record<string, unknown> },
): Promise<Worker> {
  const { rows } = await sql.query<WorkerRow>(
    `INSERT INTO workers (id, hostname, mode, capabilities) VALUES ($1, $2, $3, $4::jsonb)
     ON CONFLICT (id) DO UPDATE SET
       hostname = EXCLUDED.hostname, mode = EXCLUDED.mode, capabilities = EXCLUDED.capabilities,
       started_at = now(), last_seen_at = now(), active_jobs = 0
     RETURNING *`,
    [input.id, input.hostname, input.mode, JSON.stringify(input.capabilities)],
  );
  return workerFromRow(rows[0]!);
}
