import type { Segment, SegmentState } from './segment.js';

export interface SegmentRow {
  job_id: string;
  segment_index: number;
  frame_start: number;
  frame_end: number;
  state: SegmentState;
  attempts: number;
  attempt_id: string | null;
  worker_id: string | null;
  heartbeat_at: Date | null;
  lease_expires_at: Date | null;
  output_key: string | null;
  error_code: string | null;
  error_message: string | null;
  created_at: Date;
  finished_at: Date | null;
  updated_at: Date;
}

export function segmentFromRow(row: SegmentRow): Segment {
  return {
    jobId: row.job_id,
    index: row.segment_index,
    frameStart: row.frame_start,
    frameEnd: row.frame_end,
    state: row.state,
    attempts: row.attempts,
    attemptId: row.attempt_id,
    workerId: row.worker_id,
    heartbeatAt: row.heartbeat_at,
    leaseExpiresAt: row.lease_expires_at,
    outputKey: row.output_key,
    errorCode: row.error_code,
    errorMessage: row.error_message,
    createdAt: row.created_at,
    finishedAt: row.finished_at,
    updatedAt: row.updated_at,
  };
}
