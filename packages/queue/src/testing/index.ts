export { cleanQueues } from './clean-queues.js';
export { startRedisServer, type RedisTestServer } from './start-redis-server.js';
