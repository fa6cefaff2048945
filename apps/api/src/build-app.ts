import { existsSync } from 'node:fs';
import fastifyMultipart from '@fastify/multipart';
import fastifyRateLimit from '@fastify/rate-limit';
import fastifyStatic from '@fastify/static';
import fastifySwagger from '@fastify/swagger';
import fastifySwaggerUi from '@fastify/swagger-ui';
import { EcgError, INFRASTRUCTURE_CODES, isEcgError } from '@ecg-render/errors';
import Fastify, { type FastifyInstance } from 'fastify';
import type { ApiDeps } from './api-deps.js';
import { authenticate } from './auth/authenticate.js';
import { createAuthFailureLimiter } from './auth/create-auth-failure-limiter.js';
import type { Principal } from './auth/principal.js';
import { DASHBOARD_PATH, registerDashboard } from './dashboard/register-dashboard.js';
import { PROBLEM_CONTENT_TYPE } from './errors/problem.js';
import { toApiError, toProblem } from './errors/to-problem.js';
import { parseJsonText } from './http/parse-json-text.js';
import { createMetrics } from './metrics/create-metrics.js';
import { createRenderRoute } from './routes/create-render-route.js';
import { downloadRoute } from './routes/download-route.js';
import { captionsRoute } from './routes/captions-route.js';
import { thumbnailRoute } from './routes/thumbnail-route.js';
import { ecgRenderRoute } from './routes/ecg-render-route.js';
import { eventsRoute } from './routes/events-route.js';
import { jobRoutes } from './routes/job-routes.js';
import { opsRoutes } from './routes/ops-routes.js';
import { pluginFilesRoute } from './routes/plugin-files-route.js';
import { pluginRoutes } from './routes/plugin-routes.js';
import { JOB_VIEW_SCHEMA, PROBLEM_SCHEMA } from './routes/schemas.js';
import { workersRoute } from './routes/workers-route.js';

declare module 'fastify' {
  interface FastifyRequest {
    /** Set by the auth hook on authenticated routes; null elsewhere. */
    principal: Principal | null;
  }
}

/** Room for the JSON around a scenario of the largest allowed size. */
const JSON_ENVELOPE_BYTES = 64 * 1024;

/**
 * The ECG Render HTTP API as a Fastify instance that does not listen (tests call `inject`;
 * startServer listens). It owns no resources: the database, storage and dispatcher in `deps` are
 * opened and closed by the caller.
 */
export function buildApp(deps: ApiDeps): FastifyInstance {
  const { config } = deps;
  const app = Fastify({
    ...(deps.logger ? { loggerInstance: deps.logger } : { logger: false }),
    bodyLimit: config.limits.maxScenarioBytes + JSON_ENVELOPE_BYTES,
    // Behind a proxy, the operator sets PUBLIC_BASE_URL; X-Forwarded-* from clients are not trusted.
    trustProxy: false,
    ajv: {
      customOptions: {
        allErrors: false,
        coerceTypes: 'array',
        removeAdditional: false,
        // Nullable fields are type arrays (OpenAPI 3.1); the multipart schema has no type (see there).
        allowUnionTypes: true,
        strictTypes: false,
      },
    },
  });
  // While the server closes, requests still in flight answer with `Connection: close`, so their
  // keep-alive connections end with them: an idle one would otherwise hold close() up for
  // Fastify's keepAliveTimeout (72 s), past any orchestrator's grace period.
  let draining = false;
  app.addHook('preClose', (done) => {
    draining = true;
    done();
  });
  app.addHook('onSend', async (_request, reply, payload) => {
    if (draining) void reply.header('connection', 'close');
    return payload;
  });
  app.register(apiPlugin, deps);
  return app;
}

async function apiPlugin(app: FastifyInstance, deps: ApiDeps): Promise<void> {
  const { config } = deps;
  app.decorateRequest('principal', null);

  // JSON with the depth and size limits applied before parsing (see parseJsonText). Plain text is
  // no body any route takes: without its parser Fastify answers 415 (UNSUPPORTED_CONTENT_TYPE).
  app.removeContentTypeParser(['application/json', 'text/plain']);
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (_request, body, done) => {
    try {
      const text = body as string;
      done(
        null,
        text === ''
          ? undefined
          : parseJsonText(text, {
              maxBytes: config.limits.maxScenarioBytes + JSON_ENVELOPE_BYTES,
              maxDepth: config.limits.maxJsonDepth,
              field: 'body',
            }),
      );
    } catch (error) {
      done(error as Error, undefined);
    }
  });

  app.setErrorHandler((error, request, reply) => {
    const { error: apiError, internal } = toApiError(error);
    if (internal) request.log.error({ err: error }, 'unhandled error');
    // The response hides what infrastructure failures say (toProblem): the log must keep it.
    else if (apiError.retryable || INFRASTRUCTURE_CODES.has(apiError.code)) {
      request.log.warn({ err: error }, apiError.message);
    }
    const problem = toProblem(apiError, request.url);
    if (problem.code === 'UNAUTHORIZED' && !reply.hasHeader('www-authenticate')) {
      void reply.header('www-authenticate', 'Bearer realm="ecg-render"');
    }
    return reply.code(problem.status).type(PROBLEM_CONTENT_TYPE).send(problem);
  });
  app.setNotFoundHandler((request, reply) => {
    const problem = toProblem(
      new EcgError('NOT_FOUND', `No route for ${request.method} ${request.url.split('?')[0]}`),
      request.url,
    );
    return reply.code(404).type(PROBLEM_CONTENT_TYPE).send(problem);
  });

  await app.register(fastifySwagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'ECG Render API',
        version: '0.1.0',
        description:
          'Burns animated MotionText captions into video. Errors are application/problem+json with a stable `code`. ' +
          'Authenticate with `Authorization: Bearer <key>` or `X-API-Key` (not needed in standalone mode on loopback).',
      },
      components: {
        securitySchemes: {
          bearer: { type: 'http', scheme: 'bearer' },
          apiKey: { type: 'apiKey', in: 'header', name: 'X-API-Key' },
        },
      },
      security: [{ bearer: [] }, { apiKey: [] }],
      tags: [
        { name: 'render', description: 'Render jobs' },
        { name: 'plugins', description: 'Plugin registry' },
        { name: 'ecg', description: 'ECG backend compatibility' },
        { name: 'ops', description: 'Health, readiness, metrics, workers' },
      ],
    },
    refResolver: {
      buildLocalReference: (json, _baseUri, _fragment, i) =>
        typeof json.$id === 'string' ? json.$id : `def-${i}`,
    },
  });
  await app.register(fastifySwaggerUi, { routePrefix: '/docs' });
  app.addSchema(PROBLEM_SCHEMA);
  app.addSchema(JOB_VIEW_SCHEMA);

  await app.register(fastifyMultipart, {
    limits: {
      fileSize: config.limits.maxUploadBytes,
      fieldSize: config.limits.maxScenarioBytes,
      files: 210,
      fields: 10,
      parts: 220,
    },
  });

  const metrics = createMetrics({
    sql: deps.sql,
    dispatcher: deps.dispatcher,
    onError: (error) => app.log.warn({ err: error }, 'a metric could not be read'),
  });
  app.addHook('onResponse', async (request, reply) => {
    metrics.observeRequest({
      method: request.method,
      route: request.routeOptions.url ?? 'unmatched',
      status: reply.statusCode,
      seconds: reply.elapsedTime / 1000,
    });
  });

  opsRoutes(app, deps, metrics);
  // Plugin files by content hash need no key: the browser imports plugin modules with plain
  // module requests, which cannot carry one, and the registry is shared by every key anyway
  // (GET /api/plugins lists it to each). A hash names immutable content; nothing else is served.
  pluginFilesRoute(app, deps);

  // Failed authentications never reach the per-key limiter below: count them per address.
  const authFailures =
    config.security.auth !== 'disabled' && config.security.rateLimitPerMinute > 0
      ? createAuthFailureLimiter({ maxPerMinute: config.security.rateLimitPerMinute })
      : null;

  // Everything a client does goes through one authenticated, rate-limited scope.
  await app.register(async (api) => {
    api.addHook('onRequest', async (request, reply) => {
      const retryAfter = authFailures?.retryAfterSeconds(request.ip) ?? null;
      if (retryAfter !== null) {
        void reply.header('retry-after', String(retryAfter));
        throw new EcgError(
          'RATE_LIMITED',
          `Too many failed authentications from this address; retry in ${retryAfter} s`,
          { details: { retryAfterSeconds: retryAfter } },
        );
      }
      try {
        request.principal = await authenticate({ config, sql: deps.sql, request });
      } catch (error) {
        if (isEcgError(error) && error.code === 'UNAUTHORIZED') {
          authFailures?.recordFailure(request.ip);
        }
        throw error;
      }
    });
    if (config.security.rateLimitPerMinute > 0) {
      await api.register(fastifyRateLimit, {
        max: config.security.rateLimitPerMinute,
        timeWindow: 60_000,
        // Per key; without keys (AUTH disabled) per client address.
        keyGenerator: (request) => request.principal?.apiKeyId ?? request.ip,
        ...(deps.rateLimitRedis && {
          redis: deps.rateLimitRedis,
          nameSpace: 'ecg-render:rate-limit:',
          // Redis unreachable: serve the request uncounted rather than fail it.
          skipOnError: true,
        }),
        errorResponseBuilder: (_request, context) =>
          new EcgError(
            'RATE_LIMITED',
            `More than ${context.max} requests in a minute; retry in ${context.after}`,
            {
              details: { max: context.max, retryAfterSeconds: Math.ceil(context.ttl / 1000) },
            },
          ),
      });
    }
    createRenderRoute(api, deps);
    jobRoutes(api, deps);
    eventsRoute(api, deps);
    downloadRoute(api, deps);
    thumbnailRoute(api, deps);
    captionsRoute(api, deps);
    workersRoute(api, deps);
    ecgRenderRoute(api, deps);
    // Its own scope: the archive body parsers it adds must not reach the other routes.
    await api.register((scope, _options, done) => {
      pluginRoutes(scope, deps);
      done();
    });
  });

  if (
    deps.dashboardQueues !== undefined &&
    deps.dashboardQueues.length > 0 &&
    config.security.dashboard !== null
  ) {
    await registerDashboard(app, {
      queues: deps.dashboardQueues,
      credentials: config.security.dashboard,
    });
  }
  if (deps.webDir && existsSync(deps.webDir)) {
    await app.register(fastifyStatic, { root: deps.webDir, prefix: '/', wildcard: false });
  }
  app.log.debug({ dashboard: DASHBOARD_PATH }, 'api ready');
}
