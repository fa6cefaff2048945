import { hostname } from 'node:os';
import { mkdir, open, readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { startServer, type DashboardQueue, type RunningServer } from '@ecg-render/api';
import { loadConfigFromProcess, type Config } from '@ecg-render/config';
import { migrate, openDatabase, type Db } from '@ecg-render/db';
import { EcgError } from '@ecg-render/errors';
import type { RuntimeDispatcher } from '@ecg-render/jobs';
import { JOB_NAMES } from '@ecg-render/queue';
import type { Storage } from '@ecg-render/storage';
import {
  dispatcherFor,
  readProcess,
  startWorker,
  storageFor,
  type RunningWorker,
} from '@ecg-render/worker';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { pino } from 'pino';
import { EXIT, reportCommandError, UsageError } from '../errors.js';

export const SERVE_HELP = `Usage: ecg-render serve [--mode standalone|api]

standalone (default): the API, the web studio and a render worker in this process, on an
  embedded PGlite database and local storage under DATA_DIR (default ./data). Listens on
  127.0.0.1:PORT (default 8090); without API keys while bound to loopback (AUTH=auto).
api: the API only, on PostgreSQL (DATABASE_URL), Redis (REDIS_URL) and S3 (S3_*); run workers
  with "ecg-render worker". --mode overrides ECG_RENDER_MODE (and the defaults that follow it).

Configuration comes from the environment (see .env.example). SIGTERM or SIGINT stops accepting
requests, lets requests and renders in flight finish, then exits.

Exit status: 0 after a clean shutdown, 1 failure (the message carries an error code), 2 bad usage.`;

/** Where `npm run build` puts the web studio; served at / when present. */
const WEB_DIR = fileURLToPath(new URL('../../../web/dist/', import.meta.url));

export interface ServeCommandOptions {
  /** Instead of the environment (tests). */
  config?: Config;
  /** Aborting it shuts the server down, as SIGTERM does (tests). */
  signal?: AbortSignal;
  /** Called once the server listens, with its URL. */
  onListening?: (url: string) => void;
}

interface LockHolder {
  pid: number;
  hostname: string;
  purpose: string;
  since: string;
  /**
   * When the holder started (clock ticks since boot, from /proc): with the pid, one process. After
   * a crash the pid may be reused by an unrelated process, which must not keep DATA_DIR locked.
   * Null where /proc is not available; absent in lock files of older versions.
   */
  startTicks?: number | null;
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Whether the lock's holder still runs: its pid is alive and, where the lock recorded it, the
 * process with that pid started when the holder did (otherwise the pid was reused). Without a
 * start time to compare, a live pid is trusted.
 */
async function isHolderAlive(holder: Partial<LockHolder> & { pid: number }): Promise<boolean> {
  if (!isAlive(holder.pid)) return false;
  if (typeof holder.startTicks !== 'number') return true;
  const running = await readProcess(holder.pid);
  return running === null || running.startTicks === holder.startTicks;
}

/**
 * Takes DATA_DIR for this process, or fails with DATA_DIR_IN_USE naming the holder: PGlite is
 * one process's database, and a second process opening the same folder would corrupt it. A lock
 * left by a process that is gone (same host, dead pid, or a live pid that now names a process
 * started at another time) is taken over. Returns the release.
 */
export async function holdDataDirLock(input: {
  dataDir: string;
  purpose: string;
}): Promise<() => Promise<void>> {
  const path = join(input.dataDir, 'ecg-render.lock');
  await mkdir(input.dataDir, { recursive: true });
  const me: LockHolder = {
    pid: process.pid,
    hostname: hostname(),
    purpose: input.purpose,
    since: new Date().toISOString(),
    startTicks: (await readProcess(process.pid))?.startTicks ?? null,
  };
  for (let attempt = 0; attempt < 3; attempt += 1) {
    try {
      const handle = await open(path, 'wx');
      try {
        await handle.writeFile(JSON.stringify(me));
      } finally {
        await handle.close();
      }
      return async () => {
        const holder = await readFile(path, 'utf8').catch(() => '');
        if (holder.includes(`"pid":${process.pid},`)) await rm(path, { force: true });
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    let holder: Partial<LockHolder> = {};
    try {
      holder = JSON.parse(await readFile(path, 'utf8')) as Partial<LockHolder>;
    } catch {
      // Half-written by a process that died while taking it: stale.
    }
    const sameHost = holder.hostname === undefined || holder.hostname === me.hostname;
    if (
      typeof holder.pid === 'number' &&
      (!sameHost || (await isHolderAlive({ ...holder, pid: holder.pid })))
    ) {
      throw new EcgError(
        'DATA_DIR_IN_USE',
        `${input.dataDir} is in use by ${holder.purpose ?? 'another ecg-render process'} (pid ${holder.pid} on ${holder.hostname}, since ${holder.since}). ` +
          'The embedded database can be opened by one process at a time: stop that process, or use another DATA_DIR' +
          (sameHost ? '.' : `; if it is gone, remove ${path}.`),
        { details: { dataDir: input.dataDir, lockFile: path, holder } },
      );
    }
    await rm(path, { force: true });
  }
  throw new EcgError('DATA_DIR_IN_USE', `Could not take ${path}: other processes keep taking it`, {
    details: { lockFile: path },
  });
}

/**
 * `ecg-render serve`: standalone (API + in-process worker on PGlite and local disk) or `--mode
 * api` (the API on PostgreSQL, Redis and S3). Runs migrations at start; on SIGTERM/SIGINT stops
 * accepting, drains requests, closes the worker (finishing or releasing its renders), then the
 * queue, storage and database, in that order.
 */
export async function serveCommand(
  argv: string[],
  options: ServeCommandOptions = {},
): Promise<number> {
  let mode: 'standalone' | 'api';
  try {
    const { values } = parseArgs({
      args: argv,
      strict: true,
      allowPositionals: false,
      options: { mode: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
    });
    if (values.help === true) {
      process.stdout.write(`${SERVE_HELP}\n`);
      return EXIT.ok;
    }
    if (values.mode !== undefined && values.mode !== 'standalone' && values.mode !== 'api') {
      throw new UsageError(`--mode must be standalone or api, not ${JSON.stringify(values.mode)}`);
    }
    const config =
      options.config ??
      loadConfigFromProcess(values.mode !== undefined ? { ECG_RENDER_MODE: values.mode } : {});
    if (config.mode === 'worker')
      throw new UsageError('ECG_RENDER_MODE=worker: run "ecg-render worker" instead');
    mode = config.mode;
    return await serve(config, mode, options);
  } catch (error) {
    return reportCommandError(error, SERVE_HELP, (text) => process.stderr.write(text));
  }
}

async function serve(
  config: Config,
  mode: 'standalone' | 'api',
  options: ServeCommandOptions,
): Promise<number> {
  const logger = pino({ level: config.logLevel, base: { mode } });
  for (const warning of config.warnings) logger.warn(warning);
  // Released in reverse order of acquisition, whatever happens.
  const cleanups: (() => Promise<unknown>)[] = [];
  try {
    if (mode === 'standalone' && config.database.kind === 'pglite') {
      cleanups.push(
        await holdDataDirLock({ dataDir: config.dataDir, purpose: 'ecg-render serve' }),
      );
    }
    const db: Db = await openDatabase(
      config.database.kind === 'postgres'
        ? { url: config.database.url, applicationName: `ecg-render ${mode}` }
        : { pglite: { dataDir: config.database.dataDir } },
    );
    cleanups.push(() => db.close());
    const { applied } = await migrate(db);
    if (applied.length > 0) logger.info({ applied }, 'database migrated');
    const storage: Storage = storageFor(config);
    cleanups.push(() => storage.close());
    const dispatcher: RuntimeDispatcher = dispatcherFor(config);
    cleanups.push(() => dispatcher.close());

    let worker: RunningWorker | null = null;
    if (mode === 'standalone') {
      worker = await startWorker({ config, sql: db, storage, dispatcher, logger });
      const running = worker;
      cleanups.push(() => running.close());
    }
    const dashboardQueues: DashboardQueue[] = [];
    if (config.redisUrl !== null && config.security.dashboard !== null) {
      for (const name of JOB_NAMES) {
        const queue = new Queue(name, {
          connection: { url: config.redisUrl },
          prefix: config.queuePrefix,
        });
        dashboardQueues.push(queue);
        cleanups.push(() => queue.close());
      }
    }
    // Rate limits counted in Redis when there is one, so API processes share each key's limit.
    let rateLimitRedis: Redis | undefined;
    if (config.redisUrl !== null && config.security.rateLimitPerMinute > 0) {
      const redis = new Redis(config.redisUrl, { maxRetriesPerRequest: 1, connectTimeout: 2_000 });
      rateLimitRedis = redis;
      cleanups.push(() => redis.quit());
    }
    const server: RunningServer = await startServer({
      deps: {
        config,
        sql: db,
        storage,
        dispatcher,
        logger,
        dashboardQueues,
        webDir: WEB_DIR,
        ...(rateLimitRedis && { rateLimitRedis }),
      },
      host: config.http.host,
      port: config.http.port,
    });
    // Closed first on the way out: stop accepting, let requests in flight finish.
    cleanups.push(() => server.close());
    logger.info(
      { url: server.url, mode, worker: worker?.id ?? null },
      `ECG Render ${mode} listening on ${server.url} (API docs at ${server.url}/docs)`,
    );
    if (config.security.auth === 'disabled') {
      logger.warn(
        `AUTH is disabled: this server accepts requests without an API key (standalone on ${config.http.host}). ` +
          'Set AUTH=required, or bind HOST to a non-loopback address, to require keys.',
      );
    }
    options.onListening?.(server.url);

    await new Promise<void>((resolve) => {
      const stop = (reason: string): void => {
        logger.info({ reason }, 'shutting down: draining requests, then the worker');
        process.off('SIGTERM', onSigterm);
        process.off('SIGINT', onSigint);
        options.signal?.removeEventListener('abort', onAbort);
        resolve();
      };
      const onSigterm = (): void => stop('SIGTERM');
      const onSigint = (): void => stop('SIGINT');
      const onAbort = (): void => stop('abort');
      process.once('SIGTERM', onSigterm);
      process.once('SIGINT', onSigint);
      if (options.signal?.aborted) stop('abort');
      else options.signal?.addEventListener('abort', onAbort, { once: true });
    });
    return EXIT.ok;
  } finally {
    for (const cleanup of cleanups.reverse()) {
      try {
        await cleanup();
      } catch (error) {
        logger.error({ err: error }, 'shutdown step failed');
      }
    }
    logger.flush();
  }
}
