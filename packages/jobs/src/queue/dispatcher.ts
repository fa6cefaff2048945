import type { JobHandlers, JobName, QueueCounts as NamedQueueCounts } from '@ecg-render/queue';

/** Depth of each queue (render, render-segment, join-segments, webhook, reconcile). */
export type QueueCounts = Record<JobName, NamedQueueCounts>;

/**
 * Where work is handed over. Every enqueue is idempotent by id (a job's render is queue job
 * `jobId`, a segment `jobId.index`, a join `jobId`, a webhook its delivery id): adding work that is
 * already waiting, delayed or running does nothing, and a finished copy is replaced, so the API,
 * workers and the reconciler can all enqueue whatever the database says must run.
 */
export interface Dispatcher {
  enqueueRender(jobId: string): Promise<void>;
  enqueueSegment(jobId: string, index: number): Promise<void>;
  enqueueJoin(jobId: string): Promise<void>;
  enqueueWebhook(deliveryId: string): Promise<void>;
  counts(): Promise<QueueCounts>;
  close(): Promise<void>;
}

export interface ConsumeOptions {
  /** One per job name; the worker runtime's. */
  handlers: JobHandlers;
  /** Tasks of each name run at once in this process. */
  concurrency?: Partial<Record<JobName, number>>;
  /** Failures outside any one task (lost connection). Default: ignored. */
  onError?: (error: Error, queue: JobName) => void;
  /**
   * The claims the handlers hold in the database: how long one holds without renewal (the job
   * and segment lease) and how often it is renewed (the heartbeat). The queue's own lock on a
   * running task is then kept longer than the lease, so the task of a worker that died is handed
   * out again only once its database claim can be taken over. Handed out earlier, the claim finds
   * a lease that still looks alive and the task ends as done, leaving the job to the reconciler's
   * slower path. Ignored by the in-process queue, which has no locks (nothing outlives the process).
   */
  claimLease?: { leaseMs: number; renewMs: number };
}

export interface TaskConsumer {
  activeCount(): number;
  /**
   * Stops taking tasks, lets active ones run for `timeoutMs` (default 30 s), then aborts their
   * signals with a `shutdown` reason: a handler releases its job and throws, and the task goes
   * back to waiting (no attempt used) for another worker.
   */
  close(options?: { timeoutMs?: number; releaseGraceMs?: number }): Promise<void>;
}

/** A dispatcher whose work this process can also run (workers, standalone mode). */
export interface RuntimeDispatcher extends Dispatcher {
  readonly kind: 'bullmq' | 'in-process';
  consume(options: ConsumeOptions): Promise<TaskConsumer>;
  /** Tries a task of this name gets in all (the handler fails the job on the last one). */
  maxAttempts(name: JobName): number;
}
