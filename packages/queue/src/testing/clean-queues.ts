import { Queue } from 'bullmq';
import { JOB_NAMES } from '../job-schemas.js';
import type { RedisConnectionOptions } from '../redis-connection-options.js';
import { toBullmqConnection } from '../to-bullmq-connection.js';

/**
 * Removes every queue of `prefix` from Redis (jobs, schedulers, events, metadata), for tests that
 * each run under a random prefix. Close producers and workers first: obliterate refuses while
 * jobs are active unless forced, and forcing it under a live worker leaves that worker confused.
 */
export async function cleanQueues(options: {
  connection: RedisConnectionOptions;
  prefix: string;
}): Promise<void> {
  const connection = toBullmqConnection(options.connection);
  for (const name of JOB_NAMES) {
    const queue = new Queue(name, { connection, prefix: options.prefix });
    try {
      await queue.obliterate({ force: true });
    } finally {
      await queue.close();
    }
  }
}
