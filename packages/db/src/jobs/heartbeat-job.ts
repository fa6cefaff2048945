import type { Sql } from '../sql.js';
import { updateJobProgress, type JobProgressResult } from './update-job-progress.js';

/** Renews the lease without new progress (long stretches such as a download or the final mux). */
export async function heartbeatJob(
  sql: Sql,
  input: { id: string; attemptId: string; leaseSeconds: number },
): Promise<JobProgressResult> {
  return updateJobProgress(sql, input);
}
