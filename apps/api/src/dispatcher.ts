/**
 * What the API needs from the job dispatcher (packages/jobs `Dispatcher`): a structural subset, so
 * the API is typed against exactly the calls it makes and route tests can pass a recording double.
 * The real dispatchers (BullMQ, in-process) satisfy it as they are.
 */
export interface ApiDispatcher {
  /** Idempotent per job id: the queue's job id is the database id. */
  enqueueRender(jobId: string): Promise<unknown>;
  /** Depth per queue name; throws when the queue cannot be reached (readiness, metrics). */
  counts(): Promise<Record<string, QueueDepth>>;
}

export interface QueueDepth {
  waiting: number;
  active: number;
  delayed: number;
  failed: number;
}
