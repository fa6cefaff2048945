import type { Sql } from '../sql.js';
import type { JobOutput } from './job.js';
import { finishJob } from './finish-job.js';

/**
 * Publishes an attempt's output: true when this attempt completed the job, false when it lost
 * (another attempt holds or finished it, the job was released, or a cancel was pending, which
 * ends the job cancelled). A loser must delete the object it wrote: each attempt writes its own
 * key, so a loser's output is never the published one.
 */
export async function completeJob(
  sql: Sql,
  input: { id: string; attemptId: string; output: JobOutput },
): Promise<boolean> {
  const state = await finishJob(sql, {
    id: input.id,
    attemptId: input.attemptId,
    outcome: { state: 'completed', output: input.output },
  });
  return state === 'completed';
}
