import { randomUUID } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { claimJob, failJob, registerWorker, updateJobProgress, type Sql } from '@ecg-render/db';
import { EcgError } from '@ecg-render/errors';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { buildApp } from '../build-app.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, recordingLogger, testScenario, type TestApp } from '../test/test-app.js';

describe('health, readiness, metrics, docs, workers', () => {
  let t: TestApp;
  let headers: Record<string, string>;
  beforeAll(async () => {
    t = await createTestApp();
    headers = (await t.newKey()).headers;
  });
  afterAll(() => t.close());

  it('GET /health answers without a key', async () => {
    const response = await t.app.inject({ url: '/health' });
    expect({ status: response.statusCode, body: response.json() }).toEqual({
      status: 200,
      body: { status: 'ok' },
    });
  });

  it('GET /ready checks database, queue and storage, and says which failed by code only', async () => {
    const logger = recordingLogger();
    const logged = await createTestApp({ deps: { logger } });
    try {
      const ok = await logged.app.inject({ url: '/ready' });
      expect(ok.json()).toEqual({
        status: 'ready',
        checks: { database: 'ok', queue: 'ok', storage: 'ok' },
      });
      logged.dispatcher.failCounts = true;
      const down = await logged.app.inject({ url: '/ready' });
      expect(down.statusCode).toBe(503);
      expect(down.json()).toMatchObject({
        code: 'NOT_READY',
        details: {
          failed: ['queue'],
          checks: { database: 'ok', queue: 'QUEUE_UNAVAILABLE', storage: 'ok' },
        },
      });
      // The cause (here the queue's internal address) is for the operator's log only.
      expect(down.body).not.toContain('10.0.3.4');
      expect(
        logger.entries.some(
          (entry) =>
            entry.level === 'warn' &&
            String((entry.object as { err?: Error }).err?.message).includes('10.0.3.4:6379'),
        ),
      ).toBe(true);
    } finally {
      await logged.close();
    }
  });

  it('answers DATABASE_UNAVAILABLE with its code and a generic message, logging the cause', async () => {
    const logger = recordingLogger();
    const driver = Object.assign(new Error('connect ECONNREFUSED 10.0.3.4:5432'), {
      code: 'ECONNREFUSED',
    });
    const unavailable = new EcgError(
      'DATABASE_UNAVAILABLE',
      `The database cannot be reached: ${driver.message}`,
      { cause: driver, details: { host: '10.0.3.4' } },
    );
    const down: Sql = {
      query: () => Promise.reject(unavailable),
      exec: () => Promise.reject(unavailable),
      transaction: () => Promise.reject(unavailable),
    };
    const broken = await createTestApp({
      env: { AUTH: 'disabled' },
      deps: { logger, sql: down },
    });
    try {
      const response = await broken.app.inject({ url: '/api/render' });
      expect(response.statusCode).toBe(503);
      expect(response.json()).toMatchObject({
        code: 'DATABASE_UNAVAILABLE',
        detail: 'The database cannot be reached',
        details: {},
      });
      expect(response.body).not.toContain('10.0.3.4');
      expect(
        logger.entries.some((entry) => (entry.object as { err?: unknown }).err === unavailable),
      ).toBe(true);
    } finally {
      await broken.close();
    }
  });

  it('GET /metrics reports jobs by state, queue depth, worker fps, failures by code and request durations', async () => {
    const create = () =>
      t.app.inject({
        method: 'POST',
        url: '/api/render',
        headers,
        payload: { scenario: testScenario(), videoUrl: 'https://media.example.com/a.mp4' },
      });
    const running = (await create()).json<{ jobId: string }>().jobId;
    const failing = (await create()).json<{ jobId: string }>().jobId;
    const attempt = randomUUID();
    await claimJob(t.db, { id: running, attemptId: attempt, workerId: 'gpu-1', leaseSeconds: 60 });
    await updateJobProgress(t.db, { id: running, attemptId: attempt, leaseSeconds: 60, fps: 61.5 });
    const other = randomUUID();
    await claimJob(t.db, { id: failing, attemptId: other, workerId: 'gpu-1', leaseSeconds: 60 });
    await failJob(t.db, {
      id: failing,
      attemptId: other,
      error: { code: 'UNSUPPORTED_MEDIA', message: 'x' },
    });

    const response = await t.app.inject({ url: '/metrics' });
    expect(response.headers['content-type']).toMatch(/^text\/plain/);
    const text = response.body;
    expect(text).toContain('ecg_render_jobs{state="processing"} 1');
    expect(text).toContain('ecg_render_jobs{state="failed"} 1');
    expect(text).toContain('ecg_render_queue_jobs{queue="render",state="waiting"} 2');
    expect(text).toContain('ecg_render_worker_fps{worker="gpu-1"} 61.5');
    expect(text).toContain('ecg_render_job_failures{code="UNSUPPORTED_MEDIA"} 1');
    expect(text).toMatch(
      /ecg_render_http_request_duration_seconds_count\{method="POST",route="\/api\/render",status="202"\} 2/,
    );
  });

  it('serves the OpenAPI document (valid JSON, every route with its schemas) and the UI at /docs', async () => {
    const json = await t.app.inject({ url: '/docs/json' });
    expect(json.statusCode).toBe(200);
    const doc = JSON.parse(json.body) as {
      openapi: string;
      paths: Record<string, Record<string, any>>;
      components: Record<string, any>;
    };
    expect(doc.openapi).toBe('3.1.0');
    for (const [path, method] of [
      ['/api/render', 'post'],
      ['/api/render', 'get'],
      ['/api/render/{id}', 'get'],
      ['/api/render/{id}', 'delete'],
      ['/api/render/{id}/events', 'get'],
      ['/api/render/{id}/cancel', 'post'],
      ['/api/render/{id}/download', 'get'],
      ['/api/plugins', 'post'],
      ['/api/plugins', 'get'],
      ['/api/workers', 'get'],
      ['/render', 'post'],
      ['/health', 'get'],
      ['/ready', 'get'],
      ['/metrics', 'get'],
    ] as const) {
      expect(doc.paths[path]?.[method], `${method} ${path}`).toBeDefined();
    }
    const create = doc.paths['/api/render']!['post'];
    expect(Object.keys(create.requestBody.content)).toEqual([
      'application/json',
      'multipart/form-data',
    ]);
    expect(create.responses['202']).toBeDefined();
    expect(create.responses['400'].content['application/problem+json']).toBeDefined();
    expect(doc.components['securitySchemes']).toHaveProperty('bearer');
    const ui = await t.app.inject({ url: '/docs/' });
    expect(ui.statusCode).toBe(200);
    expect(ui.headers['content-type']).toMatch(/text\/html/);
  });

  it('GET /metrics needs the METRICS_TOKEN, or an API key, where one is set', async () => {
    const token = 'scrape-token-0123456789';
    const guarded = await createTestApp({ env: { METRICS_TOKEN: token } });
    try {
      const status = async (authorization?: string) =>
        (
          await guarded.app.inject({
            url: '/metrics',
            ...(authorization !== undefined && { headers: { authorization } }),
          })
        ).statusCode;
      expect(await status()).toBe(401);
      expect(await status(`Bearer ${token}x`)).toBe(401);
      expect(await status('Bearer scrape-token-012345678X')).toBe(401);
      expect(await status(`Bearer ${token}`)).toBe(200);
      expect(await status((await guarded.newKey()).headers.authorization)).toBe(200);
      // The other probes stay open.
      expect((await guarded.app.inject({ url: '/health' })).statusCode).toBe(200);
    } finally {
      await guarded.close();
    }
    // Without a token it is public, as scrapers inside the network expect.
    expect((await t.app.inject({ url: '/metrics' })).statusCode).toBe(200);
  });

  it('GET /api/workers lists workers with their capabilities', async () => {
    await registerWorker(t.db, {
      id: 'gpu-1',
      hostname: 'box',
      mode: 'worker',
      capabilities: { encoders: ['libx264'], gpus: [] },
    });
    const response = await t.app.inject({ url: '/api/workers', headers });
    expect(response.json()).toMatchObject({
      workers: [
        {
          id: 'gpu-1',
          hostname: 'box',
          mode: 'worker',
          capabilities: { encoders: ['libx264'] },
          activeJobs: 0,
          alive: true,
        },
      ],
    });
  });

  it('serves the built web studio at / when its folder exists', async () => {
    const web = join(t.dataDir, 'web');
    await mkdir(web, { recursive: true });
    await writeFile(join(web, 'index.html'), '<!doctype html><title>ECG Render studio</title>');
    const withStudio = await createTestApp({ deps: { webDir: web } });
    try {
      const page = await withStudio.app.inject({ url: '/' });
      expect(page.statusCode).toBe(200);
      expect(page.body).toContain('ECG Render studio');
      expect((await withStudio.app.inject({ url: '/health' })).json()).toEqual({ status: 'ok' });
    } finally {
      await withStudio.close();
    }
    expect((await t.app.inject({ url: '/' })).statusCode).toBe(404);
  });

  it('answers unknown routes with a NOT_FOUND problem', async () => {
    const response = await t.app.inject({ url: '/nope' });
    expect(response.statusCode).toBe(404);
    expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(response.json().code).toBe('NOT_FOUND');
  });
});

describe('ECG backend compatibility', () => {
  let t: TestApp;
  let headers: Record<string, string>;
  beforeAll(async () => {
    t = await createTestApp();
    headers = (await t.newKey()).headers;
  });
  afterAll(() => t.close());

  const body = (extra: Record<string, unknown> = {}) => ({
    jobId: 'ecg-job-1',
    videoUrl: 'https://media.example.com/ecg.mp4',
    scenario: testScenario(),
    options: { width: 1920, height: 1080, fps: 30, quality: 'high', format: 'mp4' },
    callbackUrl: 'https://hooks.example.com/render-callback',
    ...extra,
  });

  it('POST /render accepts with HTTP 200, idempotently on its jobId; cancel takes its jobId', async () => {
    const first = await t.app.inject({ method: 'POST', url: '/render', headers, payload: body() });
    expect(first.statusCode, first.body).toBe(200);
    expect(first.json()).toMatchObject({
      job_id: 'ecg-job-1',
      status: 'queued',
      render_job_id: expect.any(String),
    });
    const id = first.json<{ render_job_id: string }>().render_job_id;
    const { rows } = await t.db.query<{
      external_id: string;
      callback_style: string;
      webhook_url: string;
    }>('SELECT external_id, callback_style, webhook_url FROM jobs WHERE id = $1', [id]);
    expect(rows[0]).toEqual({
      external_id: 'ecg-job-1',
      callback_style: 'ecg',
      webhook_url: 'https://hooks.example.com/render-callback',
    });

    const again = await t.app.inject({ method: 'POST', url: '/render', headers, payload: body() });
    expect(again.statusCode).toBe(200);
    expect(again.json().render_job_id).toBe(id);
    const different = await t.app.inject({
      method: 'POST',
      url: '/render',
      headers,
      payload: body({ videoUrl: 'https://media.example.com/other.mp4' }),
    });
    expect({ status: different.statusCode, code: different.json().code }).toEqual({
      status: 409,
      code: 'CONFLICT',
    });

    const status = await t.app.inject({ url: '/api/render/ecg-job-1', headers });
    expect(status.json()).toMatchObject({ jobId: id, externalId: 'ecg-job-1' });
    const cancel = await t.app.inject({
      method: 'POST',
      url: '/api/render/ecg-job-1/cancel',
      headers,
    });
    expect(cancel.json()).toMatchObject({ jobId: id, status: 'cancelled' });
    expect((await t.app.inject({ url: '/health' })).statusCode).toBe(200);
  });

  it('accepts the key as URL user info (Basic auth), for a backend that only has a base URL', async () => {
    const key = headers['authorization']!.replace('Bearer ', '');
    for (const userinfo of [`${key}:`, `api:${key}`]) {
      const basic = { authorization: `Basic ${Buffer.from(userinfo).toString('base64')}` };
      expect((await t.app.inject({ url: '/api/render', headers: basic })).statusCode).toBe(200);
    }
    const wrong = { authorization: `Basic ${Buffer.from('api:ecgr_wrong').toString('base64')}` };
    expect((await t.app.inject({ url: '/api/render', headers: wrong })).json().code).toBe(
      'UNAUTHORIZED',
    );
  });

  it.each([
    [{ fps: '30' }, { fps: 30 }],
    [{ fps: '29.97' }, { fps: 29.97 }],
    [{ fps: '30000/1001' }, { fps: 30000 / 1001 }],
    [{ quality: 80 }, { quality: 'high' }],
    [{ quality: 95 }, { quality: 'ultra' }],
    [{ quality: 10 }, { quality: 'low' }],
    [
      { quality: 'HIGH', fps: 25 },
      { quality: 'high', fps: 25 },
    ],
  ])('POST /render takes options %j as its schema declares them', async (options, stored) => {
    const response = await t.app.inject({
      method: 'POST',
      url: '/render',
      headers,
      payload: body({ jobId: `ecg-types-${JSON.stringify(options)}`, options }),
    });
    expect(response.statusCode, response.body).toBe(200);
    const job = await t.app.inject({
      url: `/api/render/${response.json<{ render_job_id: string }>().render_job_id}`,
      headers,
    });
    expect(job.json().options).toEqual(stored);
  });

  it('refuses bad ECG requests with their codes', async () => {
    const jobsBefore = await t.jobCount();
    const cases: [Record<string, unknown>, string][] = [
      [{ jobId: 'ecg-2', callbackUrl: 'http://127.0.0.1:9/cb' }, 'URL_NOT_ALLOWED'],
      [{ jobId: 'ecg-3', videoUrl: 'http://10.0.0.1/v.mp4' }, 'URL_NOT_ALLOWED'],
      [{ jobId: 'ecg-4', scenario: { version: '1.3' } }, 'UNSUPPORTED_SCENARIO_VERSION'],
      [
        {
          jobId: 'ecg-5',
          options: { width: 1920, height: 1080, fps: 30, quality: 'high', format: 'avi' },
        },
        'INVALID_OPTIONS',
      ],
      [{ jobId: '' }, 'INVALID_REQUEST'],
    ];
    for (const [extra, code] of cases) {
      const response = await t.app.inject({
        method: 'POST',
        url: '/render',
        headers,
        payload: body(extra),
      });
      expect(response.json().code, JSON.stringify(extra)).toBe(code);
    }
    expect(await t.jobCount()).toBe(jobsBefore);
  });
});

describe('rate limits and auth modes', () => {
  it('limits each key per minute: 429 RATE_LIMITED with Retry-After; other keys and probes unaffected', async () => {
    const t = await createTestApp({ env: { RATE_LIMIT_PER_MINUTE: '3' } });
    try {
      const a = (await t.newKey()).headers;
      const b = (await t.newKey()).headers;
      for (let i = 0; i < 3; i += 1)
        expect((await t.app.inject({ url: '/api/render', headers: a })).statusCode).toBe(200);
      const limited = await t.app.inject({ url: '/api/render', headers: a });
      expect(limited.statusCode).toBe(429);
      expect(limited.headers['retry-after']).toMatch(/^\d+$/);
      expect(limited.json()).toMatchObject({ code: 'RATE_LIMITED', status: 429 });
      expect((await t.app.inject({ url: '/api/render', headers: b })).statusCode).toBe(200);
      for (let i = 0; i < 5; i += 1)
        expect((await t.app.inject({ url: '/health' })).statusCode).toBe(200);
    } finally {
      await t.close();
    }
  });

  it('limits failed authentications per address before looking the key up', async () => {
    const t = await createTestApp({ env: { RATE_LIMIT_PER_MINUTE: '3' } });
    try {
      const good = (await t.newKey()).headers;
      const bad = { authorization: 'Bearer ecgr_not-a-key' };
      const query = t.db.query.bind(t.db);
      let lookups = 0;
      t.db.query = (...args: Parameters<typeof query>) => {
        lookups += 1;
        return query(...args);
      };
      const from = (remoteAddress: string, headers: Record<string, string>) =>
        t.app.inject({ url: '/api/render', headers, remoteAddress });

      for (let i = 0; i < 3; i += 1) expect((await from('203.0.113.7', bad)).statusCode).toBe(401);
      const before = lookups;
      const flood = await from('203.0.113.7', bad);
      expect(flood.statusCode).toBe(429);
      expect(flood.headers['retry-after']).toMatch(/^\d+$/);
      expect(flood.json()).toMatchObject({ code: 'RATE_LIMITED' });
      // Refused before the lookup: even a good key from that address waits out the minute.
      expect((await from('203.0.113.7', good)).statusCode).toBe(429);
      expect(lookups).toBe(before);
      // Other addresses are unaffected.
      expect((await from('198.51.100.1', good)).statusCode).toBe(200);
      expect((await from('198.51.100.1', bad)).statusCode).toBe(401);
    } finally {
      await t.close();
    }
  });

  it('counts one limit across API processes when they share Redis', async () => {
    const redis = new Redis('redis://127.0.0.1:6379', { maxRetriesPerRequest: 1 });
    const env = { RATE_LIMIT_PER_MINUTE: '3' };
    const one = await createTestApp({ env, deps: { rateLimitRedis: redis } });
    try {
      // Both "processes" see the same key (same database here; in production, PostgreSQL).
      const two = {
        ...one,
        app: buildApp({
          config: one.config,
          sql: one.db,
          storage: one.storage,
          dispatcher: one.dispatcher,
          rateLimitRedis: redis,
        }),
      };
      const key = (await one.newKey()).headers;
      const codes: number[] = [];
      for (const app of [one.app, two.app, one.app, two.app])
        codes.push((await app.inject({ url: '/api/render', headers: key })).statusCode);
      expect(codes).toEqual([200, 200, 200, 429]);
      await two.app.close();
    } finally {
      await one.close();
      redis.disconnect();
    }
  });

  it('runs without keys when AUTH is disabled (standalone on loopback)', async () => {
    const t = await createTestApp({
      env: { AUTH: 'auto', ECG_RENDER_MODE: 'standalone', HOST: '127.0.0.1' },
    });
    try {
      expect(t.config.security.auth).toBe('disabled');
      const created = await t.app.inject({
        method: 'POST',
        url: '/api/render',
        payload: { scenario: testScenario(), videoUrl: 'https://media.example.com/a.mp4' },
      });
      expect(created.statusCode).toBe(202);
      expect((await t.app.inject({ url: `/api/render/${created.json().jobId}` })).statusCode).toBe(
        200,
      );
    } finally {
      await t.close();
    }
  });
});

describe('queue dashboard', () => {
  it('is served at /admin/queues behind basic auth when credentials and queues are given', async () => {
    const queue = new Queue('render', {
      connection: { host: '127.0.0.1', port: 6379 },
      prefix: `ecg-api-test-${randomUUID()}`,
    });
    const t = await createTestApp({
      env: { DASHBOARD_USER: 'ops', DASHBOARD_PASSWORD: 'correct horse battery' },
      deps: { dashboardQueues: [queue] },
    });
    try {
      const anonymous = await t.app.inject({ url: '/admin/queues' });
      expect(anonymous.statusCode).toBe(401);
      expect(anonymous.headers['www-authenticate']).toMatch(/^Basic/);
      const wrong = await t.app.inject({
        url: '/admin/queues',
        headers: { authorization: `Basic ${Buffer.from('ops:nope').toString('base64')}` },
      });
      expect(wrong.statusCode).toBe(401);
      const authorized = {
        authorization: `Basic ${Buffer.from('ops:correct horse battery').toString('base64')}`,
      };
      const page = await t.app.inject({ url: '/admin/queues', headers: authorized });
      expect(page.statusCode).toBe(200);
      expect(page.body).toContain('<html');
      const api = await t.app.inject({ url: '/admin/queues/api/queues', headers: authorized });
      expect(api.statusCode).toBe(200);
      expect(api.json().queues.map((q: { name: string }) => q.name)).toEqual(['render']);
    } finally {
      await t.close();
      await queue.obliterate({ force: true }).catch(() => undefined);
      await queue.close();
    }
  });

  it('is absent without a queue (standalone)', async () => {
    const t = await createTestApp({
      env: { DASHBOARD_USER: 'ops', DASHBOARD_PASSWORD: 'correct horse battery' },
    });
    try {
      expect((await t.app.inject({ url: '/admin/queues' })).statusCode).toBe(404);
    } finally {
      await t.close();
    }
  });
});
