import type { FastifyInstance } from 'fastify';
import { buildApp } from './build-app.js';
import type { ApiDeps } from './api-deps.js';
import { sweepTempUploads } from './sweep-temp-uploads.js';

export interface StartServerOptions {
  deps: ApiDeps;
  host: string;
  /** 0 picks a free port (tests, benchmarks). */
  port: number;
}

export interface RunningServer {
  app: FastifyInstance;
  /** `http://host:port` it listens on. */
  url: string;
  /** Stops accepting, ends open event streams, waits for requests in flight. Idempotent. */
  close(): Promise<void>;
}

/**
 * Builds the app and listens: the only place in apps/api that opens a port. First removes the
 * temp uploads a crashed predecessor left behind (sweepTempUploads).
 */
export async function startServer(options: StartServerOptions): Promise<RunningServer> {
  const swept = await sweepTempUploads({ dataDir: options.deps.config.dataDir });
  if (swept.length > 0) {
    options.deps.logger?.warn({ removed: swept }, 'removed uploads left by a crashed API process');
  }
  const app = buildApp(options.deps);
  await app.listen({ host: options.host, port: options.port });
  const address = app.server.address();
  const port = typeof address === 'object' && address !== null ? address.port : options.port;
  const host = options.host.includes(':') ? `[${options.host}]` : options.host;
  let closing: Promise<void> | null = null;
  return {
    app,
    url: `http://${host === '0.0.0.0' || host === '[::]' ? '127.0.0.1' : host}:${port}`,
    close: () => (closing ??= app.close()),
  };
}
