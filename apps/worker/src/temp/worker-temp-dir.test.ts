import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readProcess } from './list-processes.js';
import { createWorkerTempDir, sweepDeadWorkerDirs } from './worker-temp-dir.js';
import { writeFfmpegWrapper } from './write-ffmpeg-wrapper.js';

describe('worker temp folders', () => {
  const root = mkdtempSync(join(tmpdir(), 'ecg-temp-'));
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  const sleeper = (marker: string) => {
    // Its command line names the folder, as a dead worker's FFmpeg names its output file.
    const child = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)', marker], {
      stdio: 'ignore',
    });
    const exited = new Promise((resolve) =>
      child.once('exit', (code, signal) => resolve(signal ?? code)),
    );
    return { child, exited };
  };

  it('sweeps folders of dead workers on this machine, killing what still runs from them', async () => {
    const own = await createWorkerTempDir({ root, workerId: 'me' });
    const deadDir = join(root, 'gone-1');
    mkdirSync(deadDir);
    // A pid that exited (its start time no longer matches anything running).
    const finished = spawn(process.execPath, ['-e', '0']);
    await new Promise((resolve) => finished.once('exit', resolve));
    writeFileSync(
      join(deadDir, 'owner.json'),
      JSON.stringify({ workerId: 'gone', pid: finished.pid, hostname: hostname(), startTicks: 1 }),
    );
    const orphan = sleeper(join(deadDir, 'attempt', 'output.mp4'));

    const liveDir = join(root, 'alive-1');
    mkdirSync(liveDir);
    const live = sleeper(join(liveDir, 'x'));
    const liveEntry = await readProcess(live.child.pid!);
    writeFileSync(
      join(liveDir, 'owner.json'),
      JSON.stringify({
        workerId: 'alive',
        pid: live.child.pid,
        hostname: hostname(),
        startTicks: liveEntry!.startTicks,
      }),
    );
    const elsewhere = join(root, 'other-host');
    mkdirSync(elsewhere);
    writeFileSync(
      join(elsewhere, 'owner.json'),
      JSON.stringify({ workerId: 'x', pid: 1, hostname: 'another-machine', startTicks: 1 }),
    );

    const swept = await sweepDeadWorkerDirs({ root });
    expect(swept.removed).toEqual([deadDir]);
    expect(swept.killed.map((p) => p.pid)).toEqual([orphan.child.pid]);
    expect(await orphan.exited).toBe('SIGKILL');
    expect(existsSync(deadDir)).toBe(false);
    expect(existsSync(liveDir)).toBe(true);
    expect(existsSync(elsewhere)).toBe(true);
    expect(existsSync(own.dir)).toBe(true);
    live.child.kill('SIGKILL');
    await live.exited;
    await own.remove();
  });

  it("never kills a live worker whose folder name merely starts with a dead one's", async () => {
    // Same WORKER_ID on one host: `w-12` died, `w-123` (pid 123) still renders. Its FFmpeg's
    // command line contains ".../w-12" as a plain substring, but it is not under that folder.
    const base = mkdtempSync(join(root, 'prefix-'));
    const deadDir = join(base, 'w-12');
    mkdirSync(deadDir);
    const finished = spawn(process.execPath, ['-e', '0']);
    await new Promise((resolve) => finished.once('exit', resolve));
    writeFileSync(
      join(deadDir, 'owner.json'),
      JSON.stringify({ workerId: 'w', pid: finished.pid, hostname: hostname(), startTicks: 1 }),
    );
    const orphan = sleeper(join(deadDir, 'render-x', 'output.mp4'));
    const neighbour = sleeper(join(base, 'w-123', 'render-y', 'output.mp4'));
    const bare = sleeper(deadDir);

    const swept = await sweepDeadWorkerDirs({ root: base });
    expect(swept.removed).toEqual([deadDir]);
    expect(swept.killed.map((p) => p.pid).sort()).toEqual(
      [orphan.child.pid, bare.child.pid].sort(),
    );
    expect(await orphan.exited).toBe('SIGKILL');
    expect(await bare.exited).toBe('SIGKILL');
    expect(await readProcess(neighbour.child.pid!)).not.toBeNull();
    neighbour.child.kill('SIGKILL');
    await neighbour.exited;
  });

  it('runs FFmpeg under a parent-death signal where setpriv exists', async () => {
    const path = await writeFfmpegWrapper({
      dir: join(root, 'bin'),
      ffmpegPath: "/opt/it's/ffmpeg",
    });
    if (!existsSync('/usr/bin/setpriv')) return;
    const { readFileSync } = await import('node:fs');
    expect(readFileSync(path, 'utf8')).toBe(
      `#!/bin/sh\nexec /usr/bin/setpriv --pdeathsig KILL -- '/opt/it'\\''s/ffmpeg' "$@"\n`,
    );
  });
});
