import { once } from 'node:events';
import type { Config } from '@ecg-render/config';
import { migrate, openDatabase } from '@ecg-render/db';
import { dispatcherFor, type QueueSettings } from './dispatcher-for.js';
import { startWorker, type StartWorkerOptions } from './start-worker.js';
import { storageFor } from './storage-for.js';
import { createConsoleLogger, type WorkerLogger } from './worker-logger.js';

/**
 * `ecg-render worker`: a worker process on its own — opens the database (migrating it), storage
 * and the queue from the configuration, runs until SIGTERM or SIGINT, then shuts down gracefully
 * (finishing or releasing active renders). Resolves with the exit code.
 */
export async function runWorkerProcess(input: {
  config: Config;
  logger?: WorkerLogger;
  queue?: QueueSettings;
  worker?: Partial<Pick<StartWorkerOptions, 'capabilities' | 'timing'>>;
}): Promise<number> {
  const { config } = input;
  const logger =
    input.logger ??
    createConsoleLogger({ level: config.logLevel, fields: { worker: config.worker.id } });
  for (const warning of config.warnings) logger.warn({}, warning);
  const db = await openDatabase(
    config.database.kind === 'postgres'
      ? { url: config.database.url, applicationName: `ecg-render-worker ${config.worker.id}` }
      : { pglite: { dataDir: config.database.dataDir } },
  );
  const storage = storageFor(config);
  const dispatcher = dispatcherFor(config, input.queue);
  // Listening from the start, not once the worker runs: start-up takes seconds (trial encodes),
  // and a SIGTERM then would otherwise kill the process with its temp folder still there. Now it
  // aborts the start (startWorker removes what it made) or, once started, closes the worker.
  const stopping = new AbortController();
  const stop = (signal: NodeJS.Signals): void => {
    logger.info({ signal }, 'shutting down');
    process.off('SIGTERM', stop);
    process.off('SIGINT', stop);
    stopping.abort();
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
  try {
    await migrate(db);
    const worker = await startWorker({
      config,
      sql: db,
      storage,
      dispatcher,
      logger,
      signal: stopping.signal,
      ...input.worker,
    });
    if (!stopping.signal.aborted) await once(stopping.signal, 'abort');
    await worker.close();
    return 0;
  } catch (error) {
    if (stopping.signal.aborted) {
      logger.info({}, 'stopped while starting');
      return 0;
    }
    logger.error({ err: error }, 'worker failed');
    return 1;
  } finally {
    process.off('SIGTERM', stop);
    process.off('SIGINT', stop);
    await dispatcher.close().catch(() => undefined);
    await storage.close().catch(() => undefined);
    await db.close().catch(() => undefined);
  }
}
