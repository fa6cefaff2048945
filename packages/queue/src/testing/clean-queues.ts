import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
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
    // skipMetasUpdate: a new Queue writes its metadata key asynchronously, which can land after
    // the obliterate and leave a key behind.
    const queue = new Queue(name, { connection, prefix: options.prefix, skipMetasUpdate: true });
    try {
      await queue.obliterate({ force: true });
    } finally {
      await queue.close();
    }
  }
  // Whatever a closing worker or producer wrote last (a metadata key, an events stream entry).
  const { connection: target } = options;
  const client =
    'url' in target
      ? new Redis(target.url, { lazyConnect: true })
      : new Redis({ ...target, tls: target.tls ? {} : undefined, lazyConnect: true });
  try {
    await client.connect();
    for await (const keys of client.scanStream({
      match: `${options.prefix.replace(/[*?[\]\\]/g, '\\$&')}:*`,
      count: 500,
    })) {
      if ((keys as string[]).length > 0) await client.del(...(keys as string[]));
    }
  } finally {
    client.disconnect();
  }
}
