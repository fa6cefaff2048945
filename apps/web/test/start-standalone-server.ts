import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));

export interface StandaloneServer {
  url: string;
  output(): string;
  /** SIGTERM (graceful: renders finish or are released), then SIGKILL after `graceMs`. */
  stop(graceMs?: number): Promise<void>;
}

/**
 * Starts the built `ecg-render serve` (standalone: API + studio + in-process worker on PGlite and
 * local disk) as its own process on a free port, with its own DATA_DIR — what a user runs. Needs
 * `npm run build` first (the test command runs it), for the CLI and for the studio it serves.
 */
export async function startStandaloneServer(options: {
  dataDir: string;
  env?: Record<string, string>;
  timeoutMs?: number;
}): Promise<StandaloneServer> {
  for (const built of ['apps/cli/dist/main.js', 'apps/web/dist/index.html']) {
    if (!existsSync(`${ROOT}${built}`))
      throw new Error(`${built} is missing: run "npm run build" before the studio's e2e tests`);
  }
  const child = spawn(process.execPath, [`${ROOT}apps/cli/bin/ecg-render.js`, 'serve'], {
    cwd: ROOT,
    env: {
      PATH: process.env['PATH'] ?? '/usr/bin:/bin',
      HOME: process.env['HOME'] ?? '/tmp',
      DATA_DIR: options.dataDir,
      PORT: '0',
      LOG_LEVEL: 'info',
      ...options.env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const exited = new Promise<number | string | null>((resolve) =>
    child.once('exit', (code, signal) => resolve(code ?? signal)),
  );
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`serve did not start in time; output:\n${output.slice(-3000)}`));
    }, options.timeoutMs ?? 90_000);
    const onData = (chunk: Buffer): void => {
      output += chunk.toString();
      const match = /listening on (http:\/\/[^\s"]+)/.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve(match[1]!);
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`serve exited with ${code}; output:\n${output.slice(-3000)}`));
    });
  });
  return {
    url,
    output: () => output,
    async stop(graceMs = 20_000) {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
      await exited;
      clearTimeout(timer);
    },
  };
}
