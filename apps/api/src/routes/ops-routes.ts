import { EcgError, isEcgError, type ErrorCode } from '@ecg-render/errors';
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
              checks: {
                type: 'object',
                description: "`ok`, or the failed check's error code (503 `details.checks`).",
                additionalProperties: { type: 'string' },
              },
            },
          },
          ...problems(503),
        },
      },
    },
    async (request) => {
      // Each check's code when it fails; the cause (a driver message with host:port, a storage
      // root path) is logged, never answered: /ready is public and unauthenticated.
      const checks: Record<string, { run: () => Promise<unknown>; code: ErrorCode }> = {
        database: { run: () => deps.sql.query('SELECT 1'), code: 'DATABASE_UNAVAILABLE' },
        queue: { run: () => deps.dispatcher.counts(), code: 'QUEUE_UNAVAILABLE' },
        storage: { run: () => deps.storage.check(), code: 'STORAGE_FAILED' },
      };
      const results = await Promise.all(
        Object.entries(checks).map(async ([name, check]) => {
          try {
            await withTimeout(check.run(), 5000);
            return [name, 'ok'] as const;
          } catch (error) {
            const code = isEcgError(error) ? error.code : check.code;
            request.log.warn({ err: error, check: name, code }, `readiness check ${name} failed`);
            return [name, code] as const;
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
