import { listWorkers } from '@ecg-render/db';
import type { EncoderName } from '@ecg-render/ffmpeg';
import type { ResourceNeed } from '../admission/admission.js';
import type { WorkerRuntime } from '../worker-runtime.js';

interface RegisteredCapabilities {
  encoders?: Partial<Record<EncoderName, { works?: boolean }>>;
  limits?: { nvencSessions?: number; gpuMemoryBytes?: number | null };
}

/** Whether another live worker registered an encoder and GPU budget that could run this render. */
export function elsewhereCanRun(rt: WorkerRuntime) {
  return async (encoder: EncoderName, need: ResourceNeed): Promise<boolean> => {
    const workers = await listWorkers(rt.sql, {
      seenWithinSeconds: (3 * rt.timing.workerHeartbeatMs) / 1000,
    });
    return workers.some((worker) => {
      if (worker.id === rt.workerId) return false;
      const caps = worker.capabilities as RegisteredCapabilities;
      if (caps.encoders?.[encoder]?.works !== true) return false;
      if (need.nvenc && (caps.limits?.nvencSessions ?? 0) < 1) return false;
      return need.gpuMemoryBytes === 0 || (caps.limits?.gpuMemoryBytes ?? 0) >= need.gpuMemoryBytes;
    });
  };
}
