import type { Sql } from '../sql.js';

export interface JobProgressInput {
  id: string;
  attemptId: string;
  /** Renews the lease: the holder is alive. */
  leaseSeconds: number;
  /** 0-100, clamped. Omitted fields keep their value (a bare heartbeat omits them all). */
  progress?: number;
  fps?: number | null;
  etaSeconds?: number | null;
  framesDone?: number | null;
  framesTotal?: number | null;
}

export interface JobProgressResult {
  /** False when this attempt no longer holds the job (finished, released, or taken over). */
  accepted: boolean;
  /** The user asked to cancel: stop, then release the job (it ends cancelled). */
  cancelRequested: boolean;
}

/**
 * Records progress and renews the lease, only while `attemptId` is the job's current attempt and
 * the job is processing: a late report from a lost attempt, or one after the job finished, never
 * moves the job. The answer tells the worker whether to go on.
 */
export async function updateJobProgress(
  sql: Sql,
  input: JobProgressInput,
): Promise<JobProgressResult> {
  const { rows } = await sql.query<{ cancel_requested: boolean }>(
    `UPDATE jobs SET
       heartbeat_at = now(),
       lease_expires_at = now() + $3::double precision * interval '1 second',
       progress = CASE WHEN $4::boolean THEN LEAST(100, GREATEST(0, $5::double precision)) ELSE progress END,
       fps = CASE WHEN $6::boolean THEN $7::double precision ELSE fps END,
       eta_seconds = CASE WHEN $8::boolean THEN $9::double precision ELSE eta_seconds END,
       frames_done = CASE WHEN $10::boolean THEN $11::integer ELSE frames_done END,
       frames_total = CASE WHEN $12::boolean THEN $13::integer ELSE frames_total END
     WHERE id = $1 AND attempt_id = $2 AND state = 'processing'
     RETURNING cancel_requested`,
    [
      input.id,
      input.attemptId,
      input.leaseSeconds,
      input.progress !== undefined,
      input.progress ?? null,
      input.fps !== undefined,
      input.fps ?? null,
      input.etaSeconds !== undefined,
      input.etaSeconds ?? null,
      input.framesDone !== undefined,
      input.framesDone ?? null,
      input.framesTotal !== undefined,
      input.framesTotal ?? null,
    ],
  );
  const row = rows[0];
  return { accepted: row !== undefined, cancelRequested: row?.cancel_requested ?? false };
}
