/** How a worker paces itself. Defaults suit production; tests shorten them. */
export interface WorkerTiming {
  /** A claim (job or segment) holds this long without a heartbeat. Default 60 s. */
  leaseSeconds: number;
  /** Heartbeat and progress writes per running attempt (well within the lease). Default 5 s. */
  heartbeatMs: number;
  /** The workers-table heartbeat (last seen, active jobs, render fps). Default 10 s. */
  workerHeartbeatMs: number;
  /** How often the reconciler runs (it also runs at start). Default 30 s. */
  reconcileIntervalMs: number;
  /**
   * A processing job whose heartbeat is older than this belongs to a dead or hung worker.
   * Default: the lease.
   */
  staleAfterSeconds?: number;
  /** Queued jobs older than this are enqueued again in case the queue lost them. Default 60 s. */
  queuedGraceSeconds: number;
  /** Claims of one job (dead workers included) before it fails instead of running again. Default 3. */
  maxJobAttempts: number;
  /** On close, how long active jobs may finish before they are released. Default 30 s. */
  shutdownGraceMs: number;
  /** After release is asked for, how long handlers get to stop. Default 10 s. */
  releaseGraceMs: number;
}

export const DEFAULT_WORKER_TIMING: WorkerTiming = {
  leaseSeconds: 60,
  heartbeatMs: 5_000,
  workerHeartbeatMs: 10_000,
  reconcileIntervalMs: 30_000,
  queuedGraceSeconds: 60,
  maxJobAttempts: 3,
  shutdownGraceMs: 30_000,
  releaseGraceMs: 10_000,
};
