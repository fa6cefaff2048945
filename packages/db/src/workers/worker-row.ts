import type { Worker } from './worker.js';

export interface WorkerRow {
  id: string;
  hostname: string;
  mode: string;
  capabilities: Record<string, unknown>;
  started_at: Date;
  last_seen_at: Date;
  active_jobs: number;
}

export function workerFromRow(row: WorkerRow): Worker {
  return {
    id: row.id,
    hostname: row.hostname,
    mode: row.mode,
    capabilities: row.capabilities,
    startedAt: row.started_at,
    lastSeenAt: row.last_seen_at,
    activeJobs: row.active_jobs,
  };
}
