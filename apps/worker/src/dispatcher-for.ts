import type { Config } from '@ecg-render/config';
import {
  createBullDispatcher,
  createInProcessDispatcher,
  type RuntimeDispatcher,
} from '@ecg-render/jobs';
import type { StalledJobSettings } from '@ecg-render/queue';

/** Queue settings that are not in the environment: the deployment's Redis prefix, lock timing. */
export interface QueueSettings {
  /** Redis key prefix shared by the deployment's API and workers. Default QUEUE_PREFIX. */
  prefix?: string;
  /** BullMQ lock and stalled-job timing (defaults: packages/queue). */
  stalled?: StalledJobSettings;
}

/** The dispatcher a configuration names: BullMQ when REDIS_URL is set, else in-process. */
export function dispatcherFor(config: Config, queue: QueueSettings = {}): RuntimeDispatcher {
  if (config.redisUrl === null) {
    return createInProcessDispatcher({ concurrency: config.worker.maxConcurrentJobs });
  }
  return createBullDispatcher({
    connection: { url: config.redisUrl },
    prefix: queue.prefix ?? config.queuePrefix,
    workerName: config.worker.id,
    ...(queue.stalled && { stalled: queue.stalled }),
  });
}
