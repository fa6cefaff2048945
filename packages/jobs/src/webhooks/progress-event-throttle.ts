/** Decides which progress updates become webhook events: few, and only when something moved. */
export interface ProgressEventThrottle {
  /** True (and remembered) when this update should be sent. */
  take(input: { jobId: string; progress: number; nowMs?: number }): boolean;
  /** Drops a job's state (it ended). */
  forget(jobId: string): void;
}

/**
 * At most one progress event per job every `intervalMs` (default 2 s), and only when the whole
 * percent went up: receivers get a steady, small stream, and a progress bar stuck on one value
 * sends nothing. In-memory per process; a job's events come from the worker that runs it.
 */
export function createProgressEventThrottle(
  options: { intervalMs?: number } = {},
): ProgressEventThrottle {
  const intervalMs = options.intervalMs ?? 2_000;
  const last = new Map<string, { atMs: number; percent: number }>();
  return {
    take({ jobId, progress, nowMs = Date.now() }) {
      const percent = Math.floor(progress);
      const previous = last.get(jobId);
      if (previous && (nowMs - previous.atMs < intervalMs || percent <= previous.percent)) {
        return false;
      }
      last.set(jobId, { atMs: nowMs, percent });
      return true;
    },
    forget(jobId) {
      last.delete(jobId);
    },
  };
}
