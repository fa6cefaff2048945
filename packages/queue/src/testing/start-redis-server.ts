import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

export interface RedisTestServer {
  port: number;
  /** `redis://127.0.0.1:<port>`. */
  url: string;
  /** Where the append-only file lives; it survives stop()/start(). */
  directory: string;
  /** Kills the server the hard way (SIGKILL), as a crash or an OOM kill would. */
  kill(): Promise<void>;
  /** Starts it again on the same port and directory; it reloads its append-only file, if any. */
  start(): Promise<void>;
  /** Stops it and removes its directory. */
  close(): Promise<void>;
}

/** A free TCP port (the OS picks one; a tiny race with other processes is acceptable in tests). */
async function freePort(): Promise<number> {
  const server = createServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const address = server.address();
  server.close();
  await once(server, 'close');
  if (typeof address !== 'object' || address === null) throw new Error('no port');
  return address.port;
}

async function waitForPort(port: number, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const socket = new Socket();
    try {
      socket.connect(port, '127.0.0.1');
      await once(socket, 'connect');
      return;
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await sleep(50);
    } finally {
      socket.destroy();
    }
  }
}

/**
 * A private `redis-server` (from PATH) on a random port, RDB snapshots off, for tests that stop or
 * kill Redis. Never touch the shared Redis on 6379 that way: other tests and other people use it.
 * `persistence: 'aof'` (the default) keeps an append-only file (fsync always), so a restart
 * reloads the queues, as production's Redis does; `'none'` keeps nothing, so killing it loses
 * every queue (a Redis without AOF).
 */
export async function startRedisServer(
  options: { persistence?: 'aof' | 'none' } = {},
): Promise<RedisTestServer> {
  const aof = (options.persistence ?? 'aof') === 'aof';
  const port = await freePort();
  const directory = await mkdtemp(join(tmpdir(), 'ecg-redis-'));
  let child: ChildProcess | undefined;

  const start = async (): Promise<void> => {
    const started = spawn(
      'redis-server',
      [
        '--port',
        String(port),
        '--bind',
        '127.0.0.1',
        '--save',
        '',
        '--appendonly',
        aof ? 'yes' : 'no',
        // `always`: a reply means the write is on disk. With the usual `everysec`, Redis may
        // acknowledge writes it has not yet written when a background fsync runs late (a busy
        // disk), and a SIGKILL then loses up to about two seconds of them; in production the
        // reconciler re-enqueues such jobs from the database. The test checks the queue, not that.
        '--appendfsync',
        'always',
        '--dir',
        directory,
        '--maxmemory-policy',
        'noeviction',
      ],
      { stdio: 'ignore' },
    );
    child = started;
    const exited = once(started, 'exit').then(() => {
      throw new Error(`redis-server on port ${port} exited at start`);
    });
    exited.catch(() => undefined);
    await Promise.race([waitForPort(port, 10_000), exited]);
  };

  const kill = async (): Promise<void> => {
    const running = child;
    child = undefined;
    if (!running || running.exitCode !== null || running.signalCode !== null) return;
    const exited = once(running, 'exit');
    running.kill('SIGKILL');
    await exited;
  };

  await start();
  return {
    port,
    url: `redis://127.0.0.1:${port}`,
    directory,
    kill,
    start,
    async close() {
      await kill();
      await rm(directory, { recursive: true, force: true });
    },
  };
}
