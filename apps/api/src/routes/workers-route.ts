import { listWorkers } from '@ecg-render/db';
import type { FastifyInstance } from 'fastify';
import type { ApiDeps } from '../api-deps.js';
import { problems } from './schemas.js';

/** A worker silent for longer than this is shown as not alive. */
const WORKER_ALIVE_SECONDS = 60;

/** GET /api/workers: every registered worker and what it can do (the operator view). */
export function workersRoute(app: FastifyInstance, deps: ApiDeps): void {
  app.get(
    '/api/workers',
    {
      schema: {
        summary: 'Workers and their capabilities',
        tags: ['ops'],
        response: {
          200: {
            type: 'object',
            properties: {
              workers: {
                type: 'array',
                items: {
                  type: 'object',
                  properties: {
                    id: { type: 'string' },
                    hostname: { type: 'string' },
                    mode: { type: 'string' },
                    capabilities: { type: 'object', additionalProperties: true },
                    activeJobs: { type: 'integer' },
                    startedAt: { type: 'string', format: 'date-time' },
                    lastSeenAt: { type: 'string', format: 'date-time' },
                    alive: { type: 'boolean' },
                  },
                },
              },
            },
          },
          ...problems(401),
        },
      },
    },
    async () => {
      const alive = new Set(
        (await listWorkers(deps.sql, { seenWithinSeconds: WORKER_ALIVE_SECONDS })).map((w) => w.id),
      );
      const workers = await listWorkers(deps.sql);
      return {
        workers: workers.map((worker) => ({
          ...worker,
          startedAt: worker.startedAt.toISOString(),
          lastSeenAt: worker.lastSeenAt.toISOString(),
          alive: alive.has(worker.id),
        })),
      };
    },
  );
}
