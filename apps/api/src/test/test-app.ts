import { execFile } from 'node:child_process';
import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { loadConfig, type Config } from '@ecg-render/config';
import { createApiKey, migrate, openDatabase, type Db } from '@ecg-render/db';
import { createLocalStorage, type Storage } from '@ecg-render/storage';
import type { FastifyBaseLogger, FastifyInstance } from 'fastify';
import { buildApp } from '../build-app.js';
import type { ApiDeps } from '../api-deps.js';
import type { QueueCounts } from '@ecg-render/jobs';
import type { ApiDispatcher } from '../dispatcher.js';
import type { LookupHost } from '../urls/lookup-host.js';

const exec = promisify(execFile);

/** A dispatcher double that records what the API enqueued. */
export interface RecordingDispatcher extends ApiDispatcher {
  rendered: string[];
  /** Webhook delivery ids the API enqueued. */
  webhooks: string[];
  failCounts: boolean;
}

export function recordingDispatcher(): RecordingDispatcher {
  const dispatcher: RecordingDispatcher = {
    rendered: [],
    webhooks: [],
    failCounts: false,
    enqueueRender(jobId) {
      dispatcher.rendered.push(jobId);
      return Promise.resolve();
    },
    enqueueWebhook(deliveryId) {
      dispatcher.webhooks.push(deliveryId);
      return Promise.resolve();
    },
    counts() {
      // What a Redis client says when it cannot connect: an internal address /ready must not show.
      if (dispatcher.failCounts) {
        return Promise.reject(new Error('connect ECONNREFUSED 10.0.3.4:6379'));
      }
      const empty = { waiting: 0, active: 0, delayed: 0, failed: 0 };
      const counts: QueueCounts = {
        render: { ...empty, waiting: dispatcher.rendered.length },
        'render-segment': empty,
        'join-segments': empty,
        webhook: empty,
        reconcile: empty,
      };
      return Promise.resolve(counts);
    },
  };
  return dispatcher;
}

export interface TestApp {
  app: FastifyInstance;
  db: Db;
  storage: Storage;
  dispatcher: RecordingDispatcher;
  config: Config;
  dataDir: string;
  /** A fresh API key's headers. */
  newKey(quotas?: {
    maxConcurrentJobs?: number;
    maxMinutesPerDay?: number;
  }): Promise<{ id: string; headers: Record<string, string> }>;
  /** Every object in storage (relative keys), temp files excluded. */
  storedKeys(): Promise<string[]>;
  jobCount(): Promise<number>;
  close(): Promise<void>;
}

/** A logger that keeps what it is given (level, the logged object, the message). */
export interface RecordingLogger extends FastifyBaseLogger {
  entries: { level: string; object: unknown; message: string | undefined }[];
}

export function recordingLogger(): RecordingLogger {
  const entries: RecordingLogger['entries'] = [];
  const at =
    (level: string) =>
    (object: unknown, message?: string): void => {
      entries.push({ level, object, message });
    };
  const logger = {
    entries,
    level: 'trace',
    fatal: at('fatal'),
    error: at('error'),
    warn: at('warn'),
    info: at('info'),
    debug: at('debug'),
    trace: at('trace'),
    silent: () => {},
    child: () => logger,
  };
  return logger;
}

/** Hosts the tests resolve without a network: public.example → a public address, others private. */
export const testLookup: LookupHost = (hostname) => {
  const table: Record<string, string> = {
    'media.example.com': '93.184.216.34',
    'hooks.example.com': '93.184.216.35',
    'internal.example.com': '10.1.2.3',
    'metadata.example.com': '169.254.169.254',
  };
  const address = table[hostname];
  if (address === undefined) return Promise.reject(new Error(`ENOTFOUND ${hostname}`));
  return Promise.resolve([{ address, family: 4 }]);
};

/** The app on in-memory PGlite and local storage in a temp folder, with a recording dispatcher. */
export async function createTestApp(
  options: { env?: Record<string, string>; deps?: Partial<ApiDeps> } = {},
): Promise<TestApp> {
  const dataDir = await mkdtemp(join(tmpdir(), 'ecg-api-'));
  const config = loadConfig({
    DATA_DIR: dataDir,
    AUTH: 'required',
    RATE_LIMIT_PER_MINUTE: '0',
    ...options.env,
  });
  const db = await openDatabase({ pglite: 'memory' });
  await migrate(db);
  const storage = createLocalStorage({ root: join(dataDir, 'storage') });
  const dispatcher = recordingDispatcher();
  const app = buildApp({
    config,
    sql: db,
    storage,
    dispatcher,
    lookup: testLookup,
    eventsPollMs: 50,
    ...options.deps,
  });
  await app.ready();
  return {
    app,
    db,
    storage,
    dispatcher,
    config,
    dataDir,
    async newKey(quotas = {}) {
      const { id, key } = await createApiKey(db, { name: 'test', quotas });
      return { id, headers: { authorization: `Bearer ${key}` } };
    },
    async storedKeys() {
      const root = join(dataDir, 'storage');
      const entries = await readdir(root, { recursive: true, withFileTypes: true }).catch(() => []);
      return entries
        .filter((entry) => entry.isFile())
        .map((entry) => join(entry.parentPath, entry.name).slice(root.length + 1))
        .filter((key) => !key.startsWith('.tmp'))
        .sort();
    },
    async jobCount() {
      const { rows } = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM jobs');
      return rows[0]?.n ?? 0;
    },
    async close() {
      await app.close();
      await db.close();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

/** A tiny H.264 + AAC mp4 (testsrc2 with a tone), made with FFmpeg. */
export async function makeVideo(
  path: string,
  options: { seconds?: number; size?: string; fps?: number } = {},
): Promise<Buffer> {
  const seconds = options.seconds ?? 1;
  await exec('ffmpeg', [
    '-hide_banner',
    '-nostdin',
    '-v',
    'error',
    '-y',
    '-f',
    'lavfi',
    '-i',
    `testsrc2=size=${options.size ?? '160x90'}:rate=${options.fps ?? 10}`,
    '-f',
    'lavfi',
    '-i',
    'sine=frequency=440:sample_rate=48000',
    '-t',
    String(seconds),
    '-c:v',
    'libx264',
    '-preset',
    'ultrafast',
    '-pix_fmt',
    'yuv420p',
    '-c:a',
    'aac',
    '-b:a',
    '32k',
    '-shortest',
    path,
  ]);
  return readFile(path);
}

/** A valid MotionText v2.0 scenario with one caption. */
export function testScenario(extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    version: '2.0',
    timebase: { unit: 'seconds' },
    stage: { baseAspect: '16:9' },
    tracks: [
      { id: 't', type: 'subtitle', layer: 1, defaultStyle: { fontSizeRel: 0.08, color: '#fff' } },
    ],
    cues: [
      {
        id: 'c',
        track: 't',
        root: {
          id: 'g',
          eType: 'group',
          children: [
            {
              id: 'x',
              eType: 'text',
              text: 'hello',
              displayTime: [0.1, 0.8],
              layout: { position: { x: 0.5, y: 0.8 } },
            },
          ],
        },
      },
    ],
    ...extra,
  };
}

/** A multipart body for inject: fields are strings, files are [bytes, filename]. */
export async function multipart(
  fields: Record<string, string | [Buffer | string, string]>,
): Promise<{ payload: Buffer; headers: Record<string, string> }> {
  const form = new FormData();
  for (const [name, value] of Object.entries(fields)) {
    if (typeof value === 'string') form.append(name, value);
    else form.append(name, new Blob([value[0]]), value[1]);
  }
  const request = new Request('http://test.invalid/', { method: 'POST', body: form });
  return {
    payload: Buffer.from(await request.arrayBuffer()),
    headers: { 'content-type': request.headers.get('content-type') ?? '' },
  };
}
