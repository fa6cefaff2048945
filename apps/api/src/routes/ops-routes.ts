import { EcgError } from '@ecg-render/errors';
import type { FastifyInstance } from 'fastify';
import type { ApiDeps } from '../api-deps.js';
import type { ApiMetrics } from '../metrics/create-metrics.js';
import { withTimeout } from '../http/with-timeout.js';
import { problems } from './schemas.js';

/** /health, /ready and /metrics: public, unauthenticated, not rate limited (probes and scrapers). */
export function opsRoutes(app: FastifyInstance, deps: ApiDeps, metrics: ApiMetrics): void {
  const open = { config: { rateLimit: false } } as const;

  app.get(
    '/health',
    {
      ...open,
      schema: {
        summary: 'Liveness: the process answers',
        tags: ['ops'],
        response: { 200: { type: 'object', properties: { status: { type: 'string' } } } },
      },
    },
    () => ({ status: 'ok' }),
  );

  app.get(
    '/ready',
    {
      ...open,
      schema: {
        summary: 'Readiness: database, queue and storage answer',
        tags: ['ops'],
        response: {
          200: {
            type: 'object',
            properties: {
              status: { type: 'string' },
              checks: { type: 'object', additionalProperties: { type: 'string' } },
            },
          },
          ...problems(503),
        },
      },
    },
    async () => {
      const checks: Record<string, () => Promise<unknown>> = {
        database: () => deps.sql.query('SELECT 1'),
        queue: () => deps.dispatcher.counts(),
        storage: () => deps.storage.check(),
      };
      const results = await Promise.all(
        Object.entries(checks).map(async ([name, check]) => {
          try {
            await withTimeout(check(), 5000);
            return [name, 'ok'] as const;
          } catch (error) {
            return [name, error instanceof Error ? error.message : String(error)] as const;
          }
        }),
      );
      const failed = results.filter(([, result]) => result !== 'ok').map(([name]) => name);
      if (failed.length > 0) {
        throw new EcgError('NOT_READY', `Not ready: ${failed.join(', ')} failed`, {
          details: { failed, checks: Object.fromEntries(results) },
        });
      }
      return { status: 'ready', checks: Object.fromEntries(results) };
    },
  );

  app.get(
    '/metrics',
    { ...open, schema: { summary: 'Prometheus metrics', tags: ['ops'], produces: ['text/plain'] } },
    async (_request, reply) => {
      const text = await metrics.registry.metrics();
      return reply.type(metrics.registry.contentType).send(text);
    },
  );
}
