import type { ConnectionOptions } from 'bullmq';
import type { RedisConnectionOptions } from './redis-connection-options.js';

/**
 * BullMQ connection options (it builds its own ioredis clients: one per Queue, two per Worker, as a
 * worker's blocking fetch needs a connection of its own).
 */
export function toBullmqConnection(options: RedisConnectionOptions): ConnectionOptions {
  if ('url' in options) return { url: options.url };
  const { tls, ...rest } = options;
  return { ...rest, ...(tls && { tls: {} }) };
}
