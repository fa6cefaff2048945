import type { Sql } from '../sql.js';
import { finishJob } from './finish-job.js';

/**
 * Ends a job as failed, with the error code and message users see. `attemptId` is the failing
 * attempt's; null fails a job no attempt holds (queued: refused before it ran). True when this
 * call ended the job (as failed, or as cancelled when a cancel was pending); false when it was
 * not this caller's to end.
 */
export async function failJob(
  sql: Sql,
  input: { id: string; attemptId: string | null; error: { code: string; message: string } },
): Promise<boolean> {
  const state = await finishJob(sql, {
    id: input.id,
    attemptId: input.attemptId,
    outcome: { state: 'failed', error: input.error },
  });
  return state !== null;
}
