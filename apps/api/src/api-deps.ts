import type { Config } from '@ecg-render/config';
import type { Sql } from '@ecg-render/db';
import type { Storage } from '@ecg-render/storage';
import type { FastifyBaseLogger } from 'fastify';
import type { ApiDispatcher } from './dispatcher.js';
import type { LookupHost } from './urls/lookup-host.js';

/** A queue the dashboard shows (a BullMQ `Queue`; typed loosely so this file needs no bullmq). */
export type DashboardQueue = object;

/** Everything the app needs from outside; buildApp opens and closes none of it. */
export interface ApiDeps {
  config: Config;
  sql: Sql;
  storage: Storage;
  dispatcher: ApiDispatcher;
  /** Pino-compatible; none: no request logging (tests). */
  logger?: FastifyBaseLogger;
  /** Host name resolution for URL checks (default: the system resolver); tests replace it. */
  lookup?: LookupHost;
  /**
   * A Redis client (ioredis) to count rate limits in, so every API process of a deployment counts
   * against the same per-key limit; absent: each process counts on its own (standalone).
   */
  rateLimitRedis?: object;
  /** BullMQ queues for the dashboard at /admin/queues; absent (standalone): no dashboard. */
  dashboardQueues?: DashboardQueue[];
  /** Built web studio to serve at `/` (apps/web/dist); absent or missing: not served. */
  webDir?: string | null;
  /** How often the events stream re-reads a job, in ms. Default 1000. */
  eventsPollMs?: number;
  /** Comment line sent on idle event streams, in ms, so proxies keep them open. Default 15000. */
  eventsHeartbeatMs?: number;
}
