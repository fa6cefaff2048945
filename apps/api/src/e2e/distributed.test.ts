import { execFile } from 'node:child_process';
import { randomBytes, randomInt } from 'node:crypto';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { JOB_NAMES } from '@ecg-render/queue';
import { startS3Server, type S3TestServer } from '@ecg-render/storage/testing';
import { Queue } from 'bullmq';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLocalHttp, type LocalHttp } from '../test/local-http.js';
import { createPostgresTestDatabase } from '../test/postgres-test-database.js';
import { spawnCli, type CliProcess } from '../test/spawn-cli.js';
import { makeVideo } from '../test/test-app.js';

const exec = promisify(execFile);
const FIXTURES = fileURLToPath(new URL('../../../../fixtures/motiontext/', import.meta.url));

// The distributed deployment as operators run it: `ecg-render serve --mode api` and
// `ecg-render worker` as two processes of the built CLI, on this file's own PostgreSQL database,
// a Redis database of its own, and s3rver; the test is the client (and the ECG backend).
describe('distributed: api and worker processes on PostgreSQL, Redis and S3', () => {
  let dir: string;
  let database: Awaited<ReturnType<typeof createPostgresTestDatabase>>;
  let s3: S3TestServer;
  let http: LocalHttp;
  let api: CliProcess;
  let worker: CliProcess;
  let url: string;
  let auth: Record<string, string>;
  let video: Buffer;
  const redisUrl = `redis://127.0.0.1:6379/${randomInt(1, 16)}`;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'ecg-api-e2e-'));
    database = await createPostgresTestDatabase();
    s3 = await startS3Server();
    video = await makeVideo(join(dir, 'clip.mp4'), { seconds: 2, size: '320x180', fps: 15 });
    http = await startLocalHttp({ '/clip.mp4': join(dir, 'clip.mp4') });
    const env = (mode: 'api' | 'worker'): Record<string, string> => ({
      ECG_RENDER_MODE: mode,
      DATA_DIR: join(dir, mode),
      DATABASE_URL: database.url,
      REDIS_URL: redisUrl,
      STORAGE: 's3',
      S3_ENDPOINT: s3.endpoint,
      S3_BUCKET: s3.bucket,
      S3_ACCESS_KEY_ID: s3.credentials.accessKeyId,
      S3_SECRET_ACCESS_KEY: s3.credentials.secretAccessKey,
      WEBHOOK_SECRET: `whsec_${randomBytes(32).toString('base64')}`,
      // This test's video and callback servers listen on 127.0.0.1; every other private address
      // stays refused (checked below).
      TRUSTED_ADDRESSES: '127.0.0.1',
      HOST: '127.0.0.1',
      PORT: '0',
      WORKER_ID: 'e2e-worker',
      LOG_LEVEL: 'info',
      DASHBOARD_USER: 'ops',
      DASHBOARD_PASSWORD: 'a long dashboard password',
    });
    const keys = spawnCli(['keys', 'create', '--name', 'e2e', '--json'], env('api'));
    expect(await keys.exited, keys.output()).toBe(0);
    const { key } = JSON.parse(keys.output().trim().split('\n').pop()!) as { key: string };
    auth = { authorization: `Bearer ${key}` };
    api = spawnCli(['serve', '--mode', 'api'], env('api'));
    worker = spawnCli(['worker'], env('worker'));
    url = await api.waitFor(/"url":"(http:\/\/127\.0\.0\.1:\d+)"/);
    await worker.waitFor(/worker started/);
  });

  afterAll(async () => {
    api?.child.kill('SIGTERM');
    worker?.child.kill('SIGTERM');
    const codes = await Promise.all([api?.exited, worker?.exited]);
    await http?.close();
    await s3?.close();
    await database?.dispose();
    for (const name of JOB_NAMES) {
      const queue = new Queue(name, { connection: { url: redisUrl }, prefix: 'ecg-render' });
      await queue.obliterate({ force: true }).catch(() => undefined);
      await queue.close();
    }
    await rm(dir, { recursive: true, force: true });
    // Both shut down cleanly on SIGTERM.
    expect(codes).toEqual([0, 0]);
  });

  async function waitForJob(jobId: string): Promise<Record<string, any>> {
    for (const deadline = Date.now() + 120_000; Date.now() < deadline;) {
      const status = (await (
        await fetch(`${url}/api/render/${jobId}`, { headers: auth })
      ).json()) as Record<string, any>;
      if (['completed', 'failed', 'cancelled'].includes(status['status'] as string)) return status;
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
    throw new Error(`job ${jobId} did not finish; worker output:\n${worker.output().slice(-3000)}`);
  }

  it('renders an upload: 202, progress to completed, download by presigned S3 redirect, a playable file', async () => {
    const form = new FormData();
    form.append('video', new Blob([video]), 'clip.mp4');
    form.append('scenario', await readFile(join(FIXTURES, 'm5_layout_features.json'), 'utf8'));
    const created = await fetch(`${url}/api/render`, { method: 'POST', headers: auth, body: form });
    expect(created.status, await created.clone().text()).toBe(202);
    const { jobId } = (await created.json()) as { jobId: string };
    const status = await waitForJob(jobId);
    expect(status, worker.output().slice(-2000)).toMatchObject({
      status: 'completed',
      progress: 100,
      error: null,
    });

    const download = await fetch(`${url}/api/render/${jobId}/download`, {
      headers: auth,
      redirect: 'manual',
    });
    expect(download.status).toBe(302);
    const location = download.headers.get('location')!;
    expect(location.startsWith(`${s3.endpoint}/${s3.bucket}/`)).toBe(true);
    const file = await fetch(location);
    expect(file.status).toBe(200);
    expect(file.headers.get('content-disposition')).toMatch(/^attachment/);
    const output = join(dir, 'out.mp4');
    await writeFile(output, Buffer.from(await file.arrayBuffer()));
    const { stdout } = await exec('ffprobe', [
      '-v',
      'error',
      '-show_entries',
      'stream=codec_type,codec_name,width,height',
      '-of',
      'json',
      output,
    ]);
    expect(JSON.parse(stdout).streams).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          codec_type: 'video',
          codec_name: 'h264',
          width: 320,
          height: 180,
        }),
        expect.objectContaining({ codec_type: 'audio' }),
      ]),
    );
    expect((await readFile(output)).length).toBe(status['output'].size);
  });

  it('takes the ECG backend’s POST /render (HTTP 200) and reports to its callbackUrl in snake_case', async () => {
    const body = {
      jobId: `ecg-${randomBytes(4).toString('hex')}`,
      videoUrl: `${http.url}/clip.mp4`,
      scenario: JSON.parse(await readFile(join(FIXTURES, 'plugin_local.json'), 'utf8')) as unknown,
      options: { width: 320, height: 180, fps: 15, quality: 'medium', format: 'mp4' },
      callbackUrl: `${http.url}/callback`,
    };
    const accepted = await fetch(`${url}/render`, {
      method: 'POST',
      headers: { ...auth, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    expect(accepted.status, await accepted.clone().text()).toBe(200);
    expect(await accepted.json()).toMatchObject({ job_id: body.jobId, status: 'queued' });
    // Their retry of the same call is the same job.
    const retried = await fetch(`${url}/render`, {
      method: 'POST',
      headers: { ...auth, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    expect(retried.status).toBe(200);

    const status = await waitForJob(body.jobId);
    expect(status['status'], worker.output().slice(-2000)).toBe('completed');
    for (const deadline = Date.now() + 30_000; Date.now() < deadline;) {
      if (http.received.some((r) => r.json['status'] === 'completed')) break;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    const callbacks = http.received.filter((r) => r.path === '/callback').map((r) => r.json);
    expect(callbacks.every((c) => c['job_id'] === body.jobId)).toBe(true);
    const completed = callbacks.find((c) => c['status'] === 'completed');
    expect(completed).toMatchObject({
      job_id: body.jobId,
      status: 'completed',
      download_url: expect.any(String),
      file_size: status['output'].size,
    });
    expect(
      callbacks.some((c) => c['status'] === 'processing' || typeof c['progress'] === 'number'),
    ).toBe(true);

    // Their cancel call takes their jobId; a completed job has nothing left to cancel.
    const cancel = await fetch(`${url}/api/render/${body.jobId}/cancel`, {
      method: 'POST',
      headers: auth,
    });
    expect((await cancel.json()) as object).toMatchObject({ code: 'CONFLICT' });
  });

  it('refuses each kind of bad input with its code, creating nothing', async () => {
    const db = await database.open();
    const count = async (): Promise<number> =>
      (await db.query<{ n: number }>('SELECT count(*)::int AS n FROM jobs')).rows[0]!.n;
    try {
      const before = await count();
      const json = (payload: unknown, headers = auth) =>
        fetch(`${url}/api/render`, {
          method: 'POST',
          headers: { ...headers, 'content-type': 'application/json' },
          body: JSON.stringify(payload),
        });
      const scenario = JSON.parse(
        await readFile(join(FIXTURES, 'm5_layout_features.json'), 'utf8'),
      ) as Record<string, unknown>;
      const unknownPlugin = JSON.parse(
        JSON.stringify(scenario).replace(
          '"eType":"text"',
          '"eType":"text","pluginChain":[{"name":"nope"}]',
        ),
      ) as unknown;
      const cases: [Promise<Response>, number, string][] = [
        [json({ scenario, videoUrl: `${http.url}/clip.mp4` }, {}), 401, 'UNAUTHORIZED'],
        [json({ scenario, videoUrl: 'ftp://example.com/clip.mp4' }), 400, 'URL_NOT_ALLOWED'],
        [json({ scenario, videoUrl: 'http://10.1.2.3/clip.mp4' }), 400, 'URL_NOT_ALLOWED'],
        [json({ scenario, videoUrl: 'http://127.0.0.2/clip.mp4' }), 400, 'URL_NOT_ALLOWED'],
        [
          json({
            scenario,
            videoUrl: `${http.url}/clip.mp4`,
            webhookUrl: 'http://169.254.169.254/latest',
          }),
          400,
          'URL_NOT_ALLOWED',
        ],
        [
          json({ scenario: { ...scenario, version: '1.3' }, videoUrl: `${http.url}/clip.mp4` }),
          400,
          'UNSUPPORTED_SCENARIO_VERSION',
        ],
        [
          json({ scenario: { ...scenario, tracks: 'none' }, videoUrl: `${http.url}/clip.mp4` }),
          400,
          'INVALID_SCENARIO',
        ],
        [
          json({ scenario: unknownPlugin, videoUrl: `${http.url}/clip.mp4` }),
          400,
          'UNKNOWN_PLUGIN',
        ],
        [
          json({ scenario, videoUrl: `${http.url}/clip.mp4`, options: { format: 'webm' } }),
          400,
          'INVALID_OPTIONS',
        ],
      ];
      const form = new FormData();
      form.append('video', new Blob([Buffer.from('not a video')]), 'clip.mp4');
      form.append('scenario', JSON.stringify(scenario));
      cases.push([
        fetch(`${url}/api/render`, { method: 'POST', headers: auth, body: form }),
        415,
        'UNSUPPORTED_MEDIA',
      ]);
      for (const [response, status, code] of cases) {
        const r = await response;
        expect(r.headers.get('content-type')).toMatch(/^application\/problem\+json/);
        expect({ status: r.status, code: ((await r.json()) as { code: string }).code }).toEqual({
          status,
          code,
        });
      }
      expect(await count()).toBe(before);
    } finally {
      await db.close();
    }
  });

  it('reports readiness, queue metrics and the dashboard behind basic auth', async () => {
    expect(await (await fetch(`${url}/ready`)).json()).toMatchObject({
      status: 'ready',
      checks: { database: 'ok', queue: 'ok', storage: 'ok' },
    });
    const metrics = await (await fetch(`${url}/metrics`)).text();
    expect(metrics).toMatch(/ecg_render_jobs\{state="completed"\} [1-9]/);
    expect(metrics).toContain('ecg_render_queue_jobs{queue="render",state="waiting"}');
    const workers = (await (await fetch(`${url}/api/workers`, { headers: auth })).json()) as {
      workers: { id: string; alive: boolean }[];
    };
    expect(workers.workers).toEqual([expect.objectContaining({ id: 'e2e-worker', alive: true })]);
    expect((await fetch(`${url}/admin/queues`)).status).toBe(401);
    const board = await fetch(`${url}/admin/queues/api/queues`, {
      headers: {
        authorization: `Basic ${Buffer.from('ops:a long dashboard password').toString('base64')}`,
      },
    });
    expect(board.status).toBe(200);
  });
});
