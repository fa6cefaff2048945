import { EcgError, isEcgError, type ErrorCode } from '@ecg-render/errors';
import { timingSafeEqual } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import type { ApiDeps } from '../api-deps.js';
import type { ApiMetrics } from '../metrics/create-metrics.js';
import { authenticate } from '../auth/authenticate.js';
import { withTimeout } from '../http/with-timeout.js';
import { problems } from './schemas.js';

/**
 * /health, /ready and /metrics: unauthenticated (but /metrics where METRICS_TOKEN is set) and not
 * rate limited (probes and scrapers).
 */
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

  const token = deps.config.security.metricsToken;
  app.get(
    '/metrics',
    {
      ...open,
      schema: {
        summary: 'Prometheus metrics',
        description:
          'Public unless METRICS_TOKEN is set; then it needs `Authorization: Bearer <METRICS_TOKEN>` or an API key.',
        tags: ['ops'],
        produces: ['text/plain'],
      },
    },
    async (request, reply) => {
      if (token !== null && !hasBearer(request.headers.authorization, token)) {
        // An API key also opens it (the studio's operator view reads it with one).
        await authenticate({ config: deps.config, sql: deps.sql, request });
      }
      const text = await metrics.registry.metrics();
      return reply.type(metrics.registry.contentType).send(text);
    },
  );
}

/** Whether an Authorization header carries this bearer token (compared in constant time). */
function hasBearer(header: string | undefined, token: string): boolean {
  const match = /^bearer\s+(\S+)\s*$/i.exec(header ?? '');
  if (!match) return false;
  const given = Buffer.from(match[1]!);
  const wanted = Buffer.from(token);
  return given.length === wanted.length && timingSafeEqual(given, wanted);
}
