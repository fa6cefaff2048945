import type { WorkerRuntime } from '../worker-runtime.js';

/**
 * Enqueues follow-up work without failing the current step when the queue is unreachable: the
 * database already says what must run, and the reconciler enqueues it once the queue is back.
 */
export async function enqueueQuietly(
  rt: WorkerRuntime,
  enqueue: () => Promise<void>,
  log: Record<string, unknown>,
): Promise<boolean> {
  try {
    await enqueue();
    return true;
  } catch (error) {
    rt.logger.warn({ ...log, err: error }, 'could not enqueue; the reconciler will');
    return false;
  }
}
