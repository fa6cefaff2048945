// @ts-check
// Segment scaling benchmark (issue: render service). One long job — a generated source with audio
// and captions animated on every frame — is rendered by the distributed deployment as it runs in
// production (`ecg-render serve --mode api` + `ecg-render worker` processes of the built CLI on
// PostgreSQL, Redis and an S3-compatible server), first with 1 worker process, then with 2, in one
// run. The job is split into segments (SEGMENT_SECONDS) that any worker can take; the figure is the
// wall time from submission to completion, as a ratio 2 workers / 1 worker.
//
// Usage: node bench/segments.mjs [--seconds 60] [--segment 10] [--size 1280x720] [--append]
//   needs `npm run build`, PostgreSQL (ECG_TEST_POSTGRES_URL, default
//   postgres://postgres@127.0.0.1:5432/postgres) and Redis on 127.0.0.1:6379.
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { appendFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { cpus, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { ensureSource, freePort, waitUntilUp } from './lib.mjs';
import { openDatabase } from '@ecg-render/db';
import { JOB_NAMES } from '@ecg-render/queue';
import { startS3Server } from '@ecg-render/storage/testing';
import { Queue } from 'bullmq';

const root = fileURLToPath(new URL('..', import.meta.url));
const { values } = parseArgs({
  options: {
    seconds: { type: 'string', default: '60' },
    segment: { type: 'string', default: '10' },
    size: { type: 'string', default: '1280x720' },
    append: { type: 'boolean', default: false },
  },
});
const seconds = Number(values.seconds);
const bin = join(root, 'apps/cli/bin/ecg-render.js');
if (!existsSync(join(root, 'apps/cli/dist/main.js'))) {
  console.error('apps/cli is not built: run "npm run build" first');
  process.exit(2);
}

const out = join(root, 'bench/out');
mkdirSync(out, { recursive: true });
const source = ensureSource({
  path: join(out, `segments-source-${seconds}s-${values.size}.mp4`),
  seconds,
  size: String(values.size),
});

/** Lower-third lines every 3 s, each word bobbing: every frame is captured. */
function scenario() {
  const cues = [];
  for (let start = 0, i = 0; start < seconds; start += 3, i += 1) {
    const end = Math.min(seconds, start + 3);
    cues.push({
      id: `cue-${i}`,
      track: 'caption',
      root: {
        id: `line-${i}`,
        eType: 'group',
        displayTime: [start, end - 0.0005],
        layout: {
          position: { x: 0.5, y: 0.9 },
          anchor: 'bc',
          childrenLayout: { mode: 'flow', direction: 'horizontal', wrap: true, gap: 0.01 },
        },
        style: { backgroundColor: 'rgba(0,0,0,0.6)', padding: '10px 20px' },
        children: ['Segments', 'render', 'in', 'parallel'].map((text, w) => ({
          id: `line-${i}-w${w}`,
          eType: 'text',
          text,
          pluginChain: [
            {
              name: 'bobY',
              baseTime: [start, end],
              timeOffset: ['0%', '0%'],
              params: { amplitudePx: 5, cycles: 2 + w * 0.5 },
            },
          ],
        })),
      },
    });
  }
  return {
    version: '2.0',
    timebase: { unit: 'seconds' },
    stage: { baseAspect: '16:9' },
    tracks: [
      {
        id: 'caption',
        type: 'subtitle',
        layer: 1,
        defaultStyle: { fontSizeRel: 0.06, fontWeight: 700, color: '#ffffff' },
      },
    ],
    cues,
  };
}

const adminUrl = process.env.ECG_TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const admin = await openDatabase({ url: adminUrl, poolSize: 1 });
const dir = mkdtempSync(join(tmpdir(), 'ecg-bench-segments-'));
const s3 = await startS3Server();
/** @type {import('node:child_process').ChildProcess[]} */
const children = [];
/** @type {{ workers: number; wallSec: number; segments: number }[]} */
const results = [];
try {
  for (const workerCount of [1, 2]) {
    const dbName = `ecg_bench_${randomBytes(5).toString('hex')}`;
    await admin.exec(`CREATE DATABASE ${dbName}`);
    const dbUrl = new URL(adminUrl);
    dbUrl.pathname = `/${dbName}`;
    const redisUrl = `redis://127.0.0.1:6379/${12 + workerCount}`;
    const port = await freePort();
    const env = (/** @type {string} */ mode, /** @type {string} */ name) => ({
      PATH: process.env.PATH ?? '/usr/bin:/bin',
      HOME: process.env.HOME ?? '/tmp',
      ECG_RENDER_MODE: mode,
      HOST: '127.0.0.1',
      PORT: String(port),
      DATA_DIR: join(dir, `${workerCount}-${name}`),
      DATABASE_URL: dbUrl.toString(),
      REDIS_URL: redisUrl,
      STORAGE: 's3',
      S3_ENDPOINT: s3.endpoint,
      S3_BUCKET: s3.bucket,
      S3_ACCESS_KEY_ID: s3.credentials.accessKeyId,
      S3_SECRET_ACCESS_KEY: s3.credentials.secretAccessKey,
      WEBHOOK_SECRET: `whsec_${randomBytes(32).toString('base64')}`,
      SEGMENT_SECONDS: String(values.segment),
      MAX_CONCURRENT_JOBS: '1',
      WORKER_ID: name,
      RATE_LIMIT_PER_MINUTE: '0',
      AUTH: 'disabled',
      LOG_LEVEL: 'warn',
    });
    const api = spawn(process.execPath, [bin, 'serve', '--mode', 'api'], {
      env: env('api', 'api'),
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    children.push(api);
    const url = `http://127.0.0.1:${port}`;
    await waitUntilUp(`${url}/health`, 60_000);
    const workers = [];
    for (let w = 0; w < workerCount; w += 1) {
      const worker = spawn(process.execPath, [bin, 'worker'], {
        env: env('worker', `w${w}`),
        stdio: ['ignore', 'ignore', 'inherit'],
      });
      children.push(worker);
      workers.push(worker);
    }
    // Let the workers register before the clock starts.
    await new Promise((resolve) => setTimeout(resolve, 4000));
    const form = new FormData();
    form.append('video', new Blob([readFileSync(source)]), 'source.mp4');
    form.append('scenario', JSON.stringify(scenario()));
    form.append('options', JSON.stringify({ quality: 'medium' }));
    const started = performance.now();
    const created = await fetch(`${url}/api/render`, { method: 'POST', body: form });
    const { jobId } = /** @type {{ jobId: string }} */ (await created.json());
    if (created.status !== 202) throw new Error(`create failed: ${created.status}`);
    let status;
    for (;;) {
      status = await (await fetch(`${url}/api/render/${jobId}`)).json();
      if (['completed', 'failed', 'cancelled'].includes(status.status)) break;
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    const wallSec = (performance.now() - started) / 1000;
    if (status.status !== 'completed')
      throw new Error(`job ended ${status.status}: ${JSON.stringify(status.error)}`);
    const db = await openDatabase({ url: dbUrl.toString(), poolSize: 1 });
    const segments =
      (await db.query('SELECT count(*)::int AS n FROM job_segments WHERE job_id = $1', [jobId]))
        .rows[0]?.n ?? 0;
    await db.close();
    results.push({ workers: workerCount, wallSec, segments });
    console.error(`${workerCount} worker(s): ${wallSec.toFixed(1)} s, ${segments} segments`);
    for (const child of [api, ...workers]) child.kill('SIGTERM');
    await Promise.all(
      [api, ...workers].map((child) => new Promise((resolve) => child.once('exit', resolve))),
    );
    for (const name of JOB_NAMES) {
      const queue = new Queue(name, { connection: { url: redisUrl }, prefix: 'ecg-render' });
      await queue.obliterate({ force: true }).catch(() => undefined);
      await queue.close();
    }
    await admin.exec(`DROP DATABASE ${dbName} WITH (FORCE)`);
  }
} finally {
  for (const child of children) if (child.exitCode === null) child.kill('SIGKILL');
  await s3.close();
  await admin.close();
  rmSync(dir, { recursive: true, force: true });
}

const [one, two] = results;
const lines = [
  '',
  `## Service: one long job on 1 vs 2 workers — ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC`,
  '',
  `Machine: ${cpus().length} × ${cpus()[0]?.model ?? 'CPU'}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB. Job: ${seconds} s ${values.size} 30 fps source with audio, captions animated on every frame, segments of ${values.segment} s, quality medium (libx264). api + worker processes of the built CLI on PostgreSQL, Redis, s3rver.`,
  `Command: \`node bench/segments.mjs --seconds ${seconds} --segment ${values.segment} --size ${values.size}\``,
  '',
  '| workers | wall time, submit → completed (s) | segments | ratio to 1 worker |',
  '| --- | --- | --- | --- |',
  ...results.map(
    (r) =>
      `| ${r.workers} | ${r.wallSec.toFixed(1)} | ${r.segments} | ${(r.wallSec / (one?.wallSec ?? r.wallSec)).toFixed(2)}× |`,
  ),
  '',
];
process.stdout.write(lines.join('\n'));
if (values.append) appendFileSync(join(root, 'bench/RESULTS.md'), lines.join('\n'));
void two;
