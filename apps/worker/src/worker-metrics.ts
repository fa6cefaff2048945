import type { Sql } from '@ecg-render/db';

export interface WorkerMetricsSnapshot {
  rendersCompleted: number;
  rendersFailed: number;
  /** Frames per second of the last render, and a moving average (the fleet's render speed). */
  lastRenderFps: number | null;
  renderFps: number | null;
  framesRendered: number;
  lastRenderAt: string | null;
}

export interface WorkerMetrics {
  recordRender(input: { frames: number; wallSec: number }): void;
  recordFailure(): void;
  snapshot(): WorkerMetricsSnapshot;
  /** Writes the snapshot into the worker's row (`capabilities.metrics`), where the API reads it. */
  save(sql: Sql, workerId: string): Promise<void>;
}

/** Render speed and outcomes of this worker, kept in memory and saved with its heartbeat. */
export function createWorkerMetrics(): WorkerMetrics {
  const state: WorkerMetricsSnapshot = {
    rendersCompleted: 0,
    rendersFailed: 0,
    lastRenderFps: null,
    renderFps: null,
    framesRendered: 0,
    lastRenderAt: null,
  };
  return {
    recordRender({ frames, wallSec }) {
      const fps = wallSec > 0 ? frames / wallSec : null;
      state.rendersCompleted += 1;
      state.framesRendered += frames;
      state.lastRenderAt = new Date().toISOString();
      if (fps !== null) {
        state.lastRenderFps = Math.round(fps * 100) / 100;
        state.renderFps =
          state.renderFps === null
            ? state.lastRenderFps
            : Math.round((state.renderFps * 0.7 + fps * 0.3) * 100) / 100;
      }
    },
    recordFailure() {
      state.rendersFailed += 1;
    },
    snapshot: () => ({ ...state }),
    async save(sql, workerId) {
      // packages/db has no repository for this one field; capabilities is the row's jsonb.
      await sql.query(
        `UPDATE workers SET capabilities = jsonb_set(capabilities, '{metrics}', $2::jsonb, true)
          WHERE id = $1`,
        [workerId, JSON.stringify(state)],
      );
    },
  };
}
