import { stat } from 'node:fs/promises';
import { jobStorageKeys } from '@ecg-render/jobs';
import type { WorkerRuntime } from '../worker-runtime.js';

export interface PreviewUploads {
  /** Uploads the last preview once more (if it changed) and stops. */
  stop(): Promise<void>;
}

/**
 * Copies the JPEG FFmpeg keeps of the latest rendered frame to the job's preview key whenever it
 * changes, so the API can show it while the job runs. Best effort: a failed upload is retried on
 * the next tick and never fails the render.
 */
export function startPreviewUploads(input: {
  rt: WorkerRuntime;
  jobId: string;
  path: string;
  signal: AbortSignal;
  intervalMs?: number;
}): PreviewUploads {
  const key = jobStorageKeys.preview(input.jobId);
  let uploaded = 0;
  let running: Promise<void> | null = null;
  const tick = (): Promise<void> => {
    running ??= (async () => {
      try {
        const modified = (await stat(input.path)).mtimeMs;
        if (modified === uploaded || input.signal.aborted) return;
        await input.rt.storage.putFile({
          key,
          path: input.path,
          contentType: 'image/jpeg',
          signal: input.signal,
        });
        uploaded = modified;
      } catch {
        // No preview yet, or storage hiccup: the next tick tries again.
      } finally {
        running = null;
      }
    })();
    return running;
  };
  const timer = setInterval(() => void tick(), input.intervalMs ?? 2000);
  timer.unref();
  return {
    async stop() {
      clearInterval(timer);
      await running;
      await tick();
    },
  };
}
