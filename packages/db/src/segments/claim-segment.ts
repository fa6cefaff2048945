import type { Sql } from '../sql.js';
import type { Segment } from './segment.js';
import { segmentFromRow, type SegmentRow } from './segment-row.js';

export interface ClaimSegmentInput {
  jobId: string;
  /** A specific segment; omitted: the lowest-numbered one that is free. */
  index?: number;
  attemptId: string;
  workerId: string;
  leaseSeconds: number;
}

/**
 * Makes `attemptId` the holder of a segment that is queued, or processing under an expired lease
 * (its worker died). Only while the job itself is processing and not being cancelled. Without an
 * index, several workers calling at once each get a different segment: SKIP LOCKED lets each pass
 * over rows another is claiming instead of queueing behind it. Null when nothing is claimable.
 */
export async function claimSegment(sql: Sql, input: ClaimSegmentInput): Promise<Segment | null> {
  const { rows } = await sql.query<SegmentRow>(
    `UPDATE job_segments s SET
       state = 'processing',
       attempt_id = $2,
       attempts = s.attempts + 1,
       worker_id = $3,
       heartbeat_at = now(),
       lease_expires_at = now() + $4::double precision * interval '1 second',
       error_code = NULL,
       error_message = NULL
     WHERE (s.job_id, s.segment_index) = (
       SELECT c.job_id, c.segment_index FROM job_segments c
         JOIN jobs j ON j.id = c.job_id
        WHERE c.job_id = $1
          AND ($5::integer IS NULL OR c.segment_index = $5)
          AND (c.state = 'queued' OR (c.state = 'processing' AND c.lease_expires_at < now()))
          AND j.state = 'processing' AND NOT j.cancel_requested
        ORDER BY c.segment_index
        LIMIT 1
        FOR UPDATE OF c SKIP LOCKED)
     RETURNING s.*`,
    [input.jobId, input.attemptId, input.workerId, input.leaseSeconds, input.index ?? null],
  );
  return rows[0] === undefined ? null : segmentFromRow(rows[0]);
}
