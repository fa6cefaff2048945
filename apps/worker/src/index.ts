// The render worker: consumes render, segment, join and webhook tasks, reports progress, and
// keeps the database and queue in agreement (reconciler). Embedded by the standalone server
// (in-process dispatcher) or run alone as `ecg-render worker` (BullMQ).
export { startWorker, type RunningWorker, type StartWorkerOptions } from './start-worker.js';
export { runWorkerProcess } from './run-worker-process.js';
export { dispatcherFor, type QueueSettings } from './dispatcher-for.js';
export { storageFor } from './storage-for.js';
export { reconcileOnce, type ReconcileReport } from './reconcile/reconcile-once.js';
export { DEFAULT_WORKER_TIMING, type WorkerTiming } from './worker-timing.js';
export { createConsoleLogger, type WorkerLogger } from './worker-logger.js';
export type { WorkerMetricsSnapshot } from './worker-metrics.js';
export { readProcess, type ProcessEntry } from './temp/list-processes.js';
