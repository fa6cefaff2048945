import { mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { readProcess, type ProcessEntry } from './list-processes.js';
import { reapOrphans } from './reap-orphans.js';

export interface WorkerTempDir {
  /** This process's folder: every attempt's scratch lives under it. */
  dir: string;
  /** A fresh, empty folder for one attempt; removed by the attempt in `finally`. */
  attemptDir(name: string): Promise<string>;
  /** Removes the folder (clean shutdown). */
  remove(): Promise<void>;
}

interface Owner {
  workerId: string;
  pid: number;
  hostname: string;
  startTicks: number | null;
}

const OWNER_FILE = 'owner.json';

/**
 * Creates this worker process's temp folder under `root`, recording who owns it (pid and start
 * time, so a reused pid is not mistaken for the owner) so that a later worker on this machine
 * can tell it was left behind by a crash.
 */
export async function createWorkerTempDir(input: {
  root: string;
  workerId: string;
}): Promise<WorkerTempDir> {
  const self = await readProcess(process.pid);
  const safeId = input.workerId.replace(/[^A-Za-z0-9._-]/g, '_');
  const dir = join(input.root, `${safeId}-${process.pid}`);
  await rm(dir, { recursive: true, force: true });
  await mkdir(dir, { recursive: true });
  const owner: Owner = {
    workerId: input.workerId,
    pid: process.pid,
    hostname: hostname(),
    startTicks: self?.startTicks ?? null,
  };
  await writeFile(join(dir, OWNER_FILE), JSON.stringify(owner));
  return {
    dir,
    async attemptDir(name) {
      const path = join(dir, name.replace(/[^A-Za-z0-9._-]/g, '_'));
      await rm(path, { recursive: true, force: true });
      await mkdir(path, { recursive: true });
      return path;
    },
    remove: () => rm(dir, { recursive: true, force: true }),
  };
}

/**
 * At start: finds the temp folders of worker processes on this machine that are gone (crashed,
 * SIGKILLed), kills whatever still runs from them (reapOrphans) and removes them. Folders of
 * live workers, and of other machines sharing DATA_DIR, are left alone.
 */
export async function sweepDeadWorkerDirs(input: {
  root: string;
}): Promise<{ removed: string[]; killed: ProcessEntry[] }> {
  const names = await readdir(input.root).catch(() => [] as string[]);
  const dead: string[] = [];
  for (const name of names) {
    const dir = join(input.root, name);
    const owner = await readFile(join(dir, OWNER_FILE), 'utf8')
      .then((text) => JSON.parse(text) as Owner)
      .catch(() => null);
    if (owner === null) continue;
    if (owner.hostname !== hostname()) continue;
    if (owner.pid === process.pid) continue;
    const running = await readProcess(owner.pid);
    const alive =
      running !== null && (owner.startTicks === null || running.startTicks === owner.startTicks);
    if (!alive) dead.push(dir);
  }
  const killed = await reapOrphans({ paths: dead });
  for (const dir of dead) await rm(dir, { recursive: true, force: true });
  return { removed: dead, killed };
}
