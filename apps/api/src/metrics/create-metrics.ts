import { countJobsByState, JOB_STATES, type Sql } from '@ecg-render/db';
import { countFailuresByCode } from '@ecg-render/jobs';
import { Gauge, Histogram, Registry } from 'prom-client';
import type { ApiDispatcher } from '../dispatcher.js';

export interface ApiMetrics {
  registry: Registry;
  /** Records one HTTP request (route pattern, not the raw URL: ids would explode the series). */
  observeRequest(input: { method: string; route: string; status: number; seconds: number }): void;
}

/**
 * The Prometheus registry of one app (not prom-client's global one, so apps built side by side in
 * tests do not share series). Job and queue figures are read at scrape time from their sources of
 * truth (the database, the queue), so every API instance reports the same numbers and none goes
 * stale; a source that cannot be read leaves its series out of that scrape rather than failing it.
 */
export function createMetrics(input: {
  sql: Sql;
  dispatcher: ApiDispatcher;
  onError: (error: unknown) => void;
}): ApiMetrics {
  const { sql, dispatcher, onError } = input;
  const registry = new Registry();
  const guarded = async (fn: () => Promise<void>): Promise<void> => {
    try {
      await fn();
    } catch (error) {
      onError(error);
    }
  };

  new Gauge({
    name: 'ecg_render_jobs',
    help: 'Jobs by state.',
    labelNames: ['state'],
    registers: [registry],
    async collect() {
      this.reset();
      await guarded(async () => {
        const counts = await countJobsByState(sql);
        for (const state of JOB_STATES) this.set({ state }, counts[state]);
      });
    },
  });
  new Gauge({
    name: 'ecg_render_queue_jobs',
    help: 'Queue depth by queue and state (waiting, active, delayed, failed).',
    labelNames: ['queue', 'state'],
    registers: [registry],
    async collect() {
      this.reset();
      await guarded(async () => {
        for (const [queue, depth] of Object.entries(await dispatcher.counts())) {
          for (const [state, value] of Object.entries(depth)) this.set({ queue, state }, value);
        }
      });
    },
  });
  new Gauge({
    name: 'ecg_render_worker_fps',
    help: 'Frames per second being rendered, by worker (sum over its processing jobs).',
    labelNames: ['worker'],
    registers: [registry],
    async collect() {
      this.reset();
      await guarded(async () => {
        const { rows } = await sql.query<{ worker_id: string; fps: number }>(
          `SELECT worker_id, sum(fps)::double precision AS fps FROM jobs
            WHERE state = 'processing' AND fps IS NOT NULL AND worker_id IS NOT NULL
            GROUP BY worker_id`,
        );
        for (const row of rows) this.set({ worker: row.worker_id }, row.fps);
      });
    },
  });
  new Gauge({
    name: 'ecg_render_job_failures',
    help: 'Failed jobs by error code (jobs still in the database).',
    labelNames: ['code'],
    registers: [registry],
    async collect() {
      this.reset();
      await guarded(async () => {
        for (const [code, count] of Object.entries(await countFailuresByCode(sql)))
          this.set({ code }, count);
      });
    },
  });
  const requests = new Histogram({
    name: 'ecg_render_http_request_duration_seconds',
    help: 'HTTP request durations by method, route and status.',
    labelNames: ['method', 'route', 'status'],
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
    registers: [registry],
  });
  return {
    registry,
    observeRequest({ method, route, status, seconds }) {
      requests.observe({ method, route, status: String(status) }, seconds);
    },
  };
}
