// @ts-check
// API latency benchmark (issue: render service). Starts `ecg-render serve --mode api` (the built
// CLI) as its own process on a fresh PostgreSQL database and a Redis database, then loads it from
// this process — the "second process" — over loopback HTTP with keep-alive:
//   1. create: POST /api/render (JSON: a scenario + a video URL), `--concurrency` clients at once;
//   2. status: GET /api/render/{id} of the jobs just created, same concurrency.
// Each phase runs for `--seconds` after a short warm-up and reports p50/p90/p99/max latency and
// throughput. No worker runs, so jobs stay queued: this measures the API, database and queue
// path only. Everything it starts it stops; its database is dropped and its queues emptied.
//
// Usage: node bench/api-latency.mjs [--seconds 10] [--concurrency 16] [--append]
//   needs `npm run build`, PostgreSQL (ECG_TEST_POSTGRES_URL, default postgres://postgres@127.0.0.1:5432/postgres)
//   and Redis on 127.0.0.1:6379 (scripts/ensure-services.sh starts both).
import { spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { appendFileSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { freePort, waitUntilUp } from './lib.mjs';
import { openDatabase } from '@ecg-render/db';
import { JOB_NAMES } from '@ecg-render/queue';
import { Queue } from 'bullmq';

const root = fileURLToPath(new URL('..', import.meta.url));
const { values } = parseArgs({
  options: {
    seconds: { type: 'string', default: '10' },
    concurrency: { type: 'string', default: '16' },
    keys: { type: 'string', default: '1' },
    append: { type: 'boolean', default: false },
  },
});
const seconds = Number(values.seconds);
const concurrency = Number(values.concurrency);
// Creates of one key are serialised by design (its row is locked while quota is checked and the
// job inserted), so one key measures that path; several keys measure the server.
const keyCount = Number(values.keys);
const bin = join(root, 'apps/cli/bin/ecg-render.js');
if (!existsSync(join(root, 'apps/cli/dist/main.js'))) {
  console.error('apps/cli is not built: run "npm run build" first');
  process.exit(2);
}

const adminUrl = process.env.ECG_TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const dbName = `ecg_bench_${randomBytes(5).toString('hex')}`;
const dbUrl = new URL(adminUrl);
dbUrl.pathname = `/${dbName}`;
const redisUrl = 'redis://127.0.0.1:6379/13';
const dataDir = mkdtempSync(join(tmpdir(), 'ecg-bench-api-'));
const port = await freePort();
const env = {
  PATH: process.env.PATH ?? '/usr/bin:/bin',
  HOME: process.env.HOME ?? '/tmp',
  ECG_RENDER_MODE: 'api',
  HOST: '127.0.0.1',
  PORT: String(port),
  DATA_DIR: dataDir,
  DATABASE_URL: dbUrl.toString(),
  REDIS_URL: redisUrl,
  // Local storage: the create path stores nothing for URL sources; no S3 server needed.
  STORAGE: 'local',
  WEBHOOK_SECRET: `whsec_${randomBytes(32).toString('base64')}`,
  RATE_LIMIT_PER_MINUTE: '0',
  LOG_LEVEL: 'warn',
};

const admin = await openDatabase({ url: adminUrl, poolSize: 1 });
await admin.exec(`CREATE DATABASE ${dbName}`);
/** @type {import('node:child_process').ChildProcess | null} */
let api = null;
try {
  /** @type {string[]} */
  const apiKeys = [];
  for (let i = 0; i < keyCount; i += 1) {
    const keys = spawnSync(
      process.execPath,
      [bin, 'keys', 'create', '--name', `bench ${i}`, '--json'],
      { env, encoding: 'utf8' },
    );
    if (keys.status !== 0) throw new Error(`keys create failed: ${keys.stderr}`);
    apiKeys.push(JSON.parse(keys.stdout.trim().split('\n').pop() ?? '{}').key);
  }
  api = spawn(process.execPath, [bin, 'serve', '--mode', 'api'], {
    env,
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const url = `http://127.0.0.1:${port}`;
  await waitUntilUp(`${url}/health`, 60_000);

  const headersOf = (/** @type {number} */ client) => ({
    authorization: `Bearer ${apiKeys[client % apiKeys.length]}`,
    'content-type': 'application/json',
  });
  const scenario = JSON.parse(
    readFileSync(join(root, 'fixtures/motiontext/m5_layout_features.json'), 'utf8'),
  );
  // A public address written as an IP: the API's URL check needs no DNS, and nothing connects to
  // it (no worker runs).
  const body = JSON.stringify({
    scenario,
    videoUrl: 'https://93.184.216.34/clip.mp4',
    options: { quality: 'medium' },
  });
  /** @type {string[][]} job ids by key */
  const ids = apiKeys.map(() => []);
  const create = async (/** @type {number} */ client) => {
    const response = await fetch(`${url}/api/render`, {
      method: 'POST',
      headers: headersOf(client),
      body,
    });
    const json = await response.json();
    if (response.status !== 202)
      throw new Error(`create: ${response.status} ${JSON.stringify(json)}`);
    ids[client % apiKeys.length]?.push(json.jobId);
  };
  const status = async (/** @type {number} */ client) => {
    const own = ids[client % apiKeys.length] ?? [];
    const id = own[Math.floor(Math.random() * own.length)];
    const response = await fetch(`${url}/api/render/${id}`, { headers: headersOf(client) });
    await response.arrayBuffer();
    if (response.status !== 200) throw new Error(`status: ${response.status}`);
  };

  await load(create, { seconds: 2, concurrency }); // warm-up: JIT, pools, prepared plans
  const created = await load(create, { seconds, concurrency });
  const polled = await load(status, { seconds, concurrency });

  const row = (/** @type {string} */ name, /** @type {Result} */ r) =>
    `| ${name} | ${r.count} | ${r.errors} | ${(r.count / r.wallSec).toFixed(0)} | ${ms(r.p50)} | ${ms(r.p90)} | ${ms(r.p99)} | ${ms(r.max)} |`;
  const report = [
    '',
    `## API latency — ${new Date().toISOString().slice(0, 10)}`,
    '',
    `\`node bench/api-latency.mjs --seconds ${seconds} --concurrency ${concurrency} --keys ${keyCount}\`: \`ecg-render serve --mode api\` on`,
    `PostgreSQL + Redis (no worker), loaded over loopback from a second process with ${concurrency} concurrent`,
    `keep-alive clients over ${keyCount} API key(s) for ${seconds} s per phase; ${cpus().length} cores shared by both processes and the databases.`,
    '',
    '| request | requests | errors | req/s | p50 ms | p90 ms | p99 ms | max ms |',
    '| --- | --- | --- | --- | --- | --- | --- | --- |',
    row('create `POST /api/render` (JSON, URL source)', created),
    row('status `GET /api/render/{id}`', polled),
    '',
  ].join('\n');
  process.stdout.write(`${report}\n`);
  if (values.append) appendFileSync(join(root, 'bench/RESULTS.md'), report);
} finally {
  if (api !== null && api.exitCode === null) {
    const exited = new Promise((resolve) => api?.once('exit', resolve));
    api.kill('SIGTERM');
    await exited;
  }
  for (const name of JOB_NAMES) {
    const queue = new Queue(name, { connection: { url: redisUrl }, prefix: 'ecg-render' });
    await queue.obliterate({ force: true }).catch(() => undefined);
    await queue.close();
  }
  await admin.exec(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`);
  await admin.close();
  rmSync(dataDir, { recursive: true, force: true });
}

/** @typedef {{ count: number, errors: number, wallSec: number, p50: number, p90: number, p99: number, max: number }} Result */

/**
 * Runs `request` from `concurrency` loops until `seconds` have passed; latency of each in ms.
 * @param {(client: number) => Promise<void>} request
 * @param {{ seconds: number, concurrency: number }} options
 * @returns {Promise<Result>}
 */
async function load(request, options) {
  /** @type {number[]} */
  const latencies = [];
  let errors = 0;
  let firstError = '';
  const start = performance.now();
  const end = start + options.seconds * 1000;
  await Promise.all(
    Array.from({ length: options.concurrency }, async (_, client) => {
      while (performance.now() < end) {
        const t0 = performance.now();
        try {
          await request(client);
          latencies.push(performance.now() - t0);
        } catch (error) {
          errors += 1;
          firstError ||= String(error);
        }
      }
    }),
  );
  if (errors > 0) console.error(`${errors} errors, first: ${firstError}`);
  latencies.sort((a, b) => a - b);
  const at = (/** @type {number} */ q) =>
    latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))] ?? NaN;
  return {
    count: latencies.length,
    errors,
    wallSec: (performance.now() - start) / 1000,
    p50: at(0.5),
    p90: at(0.9),
    p99: at(0.99),
    max: latencies.at(-1) ?? NaN,
  };
}

/** @param {number} value */
function ms(value) {
  return value.toFixed(1);
}
