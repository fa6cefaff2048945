import { parseArgs } from 'node:util';
import { loadConfigFromProcess, type Config } from '@ecg-render/config';
import { runWorkerProcess } from '@ecg-render/worker';
import { pino } from 'pino';
import { EXIT, reportCommandError, UsageError } from '../errors.js';

export const WORKER_HELP = `Usage: ecg-render worker

A render worker of the distributed deployment: takes render, segment, join and webhook tasks
from Redis (REDIS_URL), records progress in PostgreSQL (DATABASE_URL), reads sources from and
writes outputs to S3 (S3_*). Start as many as you like, on as many machines. Needs
ECG_RENDER_MODE=worker. GPU workers set CUDA_VISIBLE_DEVICES and MAX_GPU_MEMORY.

SIGTERM or SIGINT stops taking tasks, lets active renders finish within the grace period, and
hands the rest back to the queue for other workers.

Exit status: 0 after a clean shutdown, 1 failure, 2 bad usage.`;

/** `ecg-render worker`: apps/worker's runWorkerProcess with the configuration from the environment. */
export async function workerCommand(
  argv: string[],
  options: { config?: Config } = {},
): Promise<number> {
  let config: Config;
  try {
    const { values } = parseArgs({
      args: argv,
      strict: true,
      allowPositionals: false,
      options: { help: { type: 'boolean', short: 'h' } },
    });
    if (values.help === true) {
      process.stdout.write(`${WORKER_HELP}\n`);
      return EXIT.ok;
    }
    config = options.config ?? loadConfigFromProcess();
    if (config.mode !== 'worker') {
      throw new UsageError(
        `ECG_RENDER_MODE is ${config.mode}: set ECG_RENDER_MODE=worker (with DATABASE_URL, REDIS_URL and S3 settings); ` +
          'standalone mode runs its worker inside "ecg-render serve"',
      );
    }
  } catch (error) {
    return reportCommandError(error, WORKER_HELP, (text) => process.stderr.write(text));
  }
  const logger = pino({ level: config.logLevel, base: { worker: config.worker.id } });
  try {
    return await runWorkerProcess({ config, logger });
  } finally {
    logger.flush();
  }
}
