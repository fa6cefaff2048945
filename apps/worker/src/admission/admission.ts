import { EcgError } from '@ecg-render/errors';

/** What one render needs from the machine besides a job slot. */
export interface ResourceNeed {
  /** An NVENC session (consumer cards allow a handful per system). */
  nvenc: boolean;
  /** GPU memory it will hold, by estimate (estimateGpuMemoryBytes); 0 on the CPU path. */
  gpuMemoryBytes: number;
}

export interface AdmissionLimits {
  /** MAX_CONCURRENT_JOBS. */
  maxJobs: number;
  /** NVENC_MAX_SESSIONS. */
  nvencSessions: number;
  /** MAX_GPU_MEMORY, else what the device reports; null: unknown, no GPU work admitted. */
  gpuMemoryBytes: number | null;
}

export interface Admission {
  /** Takes a slot if one is free now; the function gives it back. */
  tryAcquire(need: ResourceNeed): (() => void) | null;
  /** Waits for a slot (in order of arrival). Rejects with CANCELLED when `signal` aborts. */
  acquire(need: ResourceNeed, signal?: AbortSignal): Promise<() => void>;
  /** Whether the need could ever be met here (else waiting is pointless). */
  fits(need: ResourceNeed): boolean;
  usage(): { jobs: number; nvencSessions: number; gpuMemoryBytes: number };
}

/**
 * Admission control for one worker process: at most `maxJobs` renders at once, at most
 * `nvencSessions` of them on NVENC, and their estimated GPU memory within the budget. The
 * queue's own concurrency bounds how many tasks are taken; this bounds how many of them (renders
 * and segments together) run, since each kind of task is consumed from its own queue.
 */
export function createAdmission(limits: AdmissionLimits): Admission {
  const used = { jobs: 0, nvencSessions: 0, gpuMemoryBytes: 0 };
  const waiters: { need: ResourceNeed; grant: (release: () => void) => void }[] = [];

  const fits = (need: ResourceNeed): boolean =>
    (!need.nvenc || limits.nvencSessions >= 1) &&
    (need.gpuMemoryBytes === 0 ||
      (limits.gpuMemoryBytes !== null && need.gpuMemoryBytes <= limits.gpuMemoryBytes));

  const freeFor = (need: ResourceNeed): boolean =>
    used.jobs < limits.maxJobs &&
    (!need.nvenc || used.nvencSessions < limits.nvencSessions) &&
    (need.gpuMemoryBytes === 0 ||
      used.gpuMemoryBytes + need.gpuMemoryBytes <= (limits.gpuMemoryBytes ?? 0));

  const take = (need: ResourceNeed): (() => void) => {
    used.jobs += 1;
    if (need.nvenc) used.nvencSessions += 1;
    used.gpuMemoryBytes += need.gpuMemoryBytes;
    let released = false;
    return () => {
      if (released) return;
      released = true;
      used.jobs -= 1;
      if (need.nvenc) used.nvencSessions -= 1;
      used.gpuMemoryBytes -= need.gpuMemoryBytes;
      grantWaiting();
    };
  };

  const grantWaiting = (): void => {
    // In arrival order, but a waiter that does not fit yet does not block smaller ones behind it.
    for (let i = 0; i < waiters.length;) {
      const waiter = waiters[i]!;
      if (freeFor(waiter.need)) {
        waiters.splice(i, 1);
        waiter.grant(take(waiter.need));
      } else i += 1;
    }
  };

  return {
    fits,
    tryAcquire(need) {
      return waiters.length === 0 && freeFor(need) ? take(need) : null;
    },
    acquire(need, signal) {
      if (!fits(need)) {
        return Promise.reject(
          new EcgError('GPU_MEMORY_INSUFFICIENT', 'This worker can never admit this render', {
            details: { need, limits },
          }),
        );
      }
      if (waiters.length === 0 && freeFor(need)) return Promise.resolve(take(need));
      return new Promise((resolve, reject) => {
        const waiter = {
          need,
          grant: (release: () => void) => {
            signal?.removeEventListener('abort', onAbort);
            resolve(release);
          },
        };
        const onAbort = (): void => {
          const index = waiters.indexOf(waiter);
          if (index >= 0) waiters.splice(index, 1);
          reject(
            new EcgError('CANCELLED', 'Stopped waiting for a render slot', {
              cause: signal?.reason,
            }),
          );
        };
        if (signal?.aborted) {
          onAbort();
          return;
        }
        signal?.addEventListener('abort', onAbort, { once: true });
        waiters.push(waiter);
      });
    },
    usage: () => ({ ...used }),
  };
}
