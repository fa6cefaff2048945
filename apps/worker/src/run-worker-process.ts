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
  try {
    await migrate(db);
    const worker = await startWorker({
      config,
      sql: db,
      storage,
      dispatcher,
      logger,
      ...input.worker,
    });
    await new Promise<void>((resolve) => {
      const stop = (signal: NodeJS.Signals): void => {
        logger.info({ signal }, 'shutting down');
        process.off('SIGTERM', stop);
        process.off('SIGINT', stop);
        resolve();
      };
      process.on('SIGTERM', stop);
      process.on('SIGINT', stop);
    });
    await worker.close();
    return 0;
  } catch (error) {
    logger.error({ err: error }, 'worker failed');
    return 1;
  } finally {
    await dispatcher.close().catch(() => undefined);
    await storage.close().catch(() => undefined);
    await db.close().catch(() => undefined);
  }
}
