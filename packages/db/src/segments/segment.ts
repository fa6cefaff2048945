export type SegmentState = 'queued' | 'processing' | 'completed' | 'failed';

/** A time slice of a long job, rendered on its own and joined with the others. */
export interface Segment {
  jobId: string;
  index: number;
  /** Output frames [frameStart, frameEnd). */
  frameStart: number;
  frameEnd: number;
  state: SegmentState;
  attempts: number;
  attemptId: string | null;
  workerId: string | null;
  heartbeatAt: Date | null;
  leaseExpiresAt: Date | null;
  outputKey: string | null;
  errorCode: string | null;
  errorMessage: string | null;
  createdAt: Date;
  finishedAt: Date | null;
  updatedAt: Date;
}
