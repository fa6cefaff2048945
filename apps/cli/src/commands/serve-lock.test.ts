import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { readProcess } from '@ecg-render/worker';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { holdDataDirLock } from './serve.js';

// The DATA_DIR lock of standalone mode (PGlite is one process's database).
describe.skipIf(process.platform !== 'linux')('holdDataDirLock', () => {
  let dir: string;
  // A live process that is not the lock's holder: what a reused pid looks like.
  const other = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], {
    stdio: 'ignore',
  });
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'ecg-lock-'));
  });
  afterAll(async () => {
    other.kill('SIGKILL');
    await rm(dir, { recursive: true, force: true });
  });

  const lockOf = async (name: string, startTicks: number): Promise<string> => {
    const dataDir = join(dir, name);
    await holdDataDirLock({ dataDir, purpose: 'setup' }).then((release) => release());
    await writeFile(
      join(dataDir, 'ecg-render.lock'),
      JSON.stringify({
        pid: other.pid,
        hostname: hostname(),
        purpose: 'ecg-render serve',
        since: '2020-01-01T00:00:00.000Z',
        startTicks,
      }),
    );
    return dataDir;
  };

  it('takes over a lock whose pid now belongs to another process', async () => {
    const running = await readProcess(other.pid!);
    // The holder crashed; its pid was given to a process that started at another time.
    const dataDir = await lockOf('reused', running!.startTicks - 1);
    const release = await holdDataDirLock({ dataDir, purpose: 'ecg-render serve' });
    expect(JSON.parse(await readFile(join(dataDir, 'ecg-render.lock'), 'utf8'))).toMatchObject({
      pid: process.pid,
    });
    await release();
  });

  it('refuses while the process that took the lock still runs', async () => {
    const running = await readProcess(other.pid!);
    const dataDir = await lockOf('held', running!.startTicks);
    await expect(holdDataDirLock({ dataDir, purpose: 'ecg-render serve' })).rejects.toMatchObject({
      code: 'DATA_DIR_IN_USE',
    });
  });
});
