import { readdir, readFile } from 'node:fs/promises';

export interface ProcessEntry {
  pid: number;
  /** R, S, D…; Z for a zombie: dead, waiting for its parent (init, for orphans) to reap it. */
  state: string;
  ppid: number;
  /** Process group id: Chromium runs in a group of its own (launched detached). */
  pgid: number;
  /** Start time in clock ticks since boot: with the pid, identifies one process (pids are reused). */
  startTicks: number;
  /** Arguments joined with spaces. */
  cmdline: string;
}

/** One process from /proc, or null if it is gone (or this is not Linux). */
export async function readProcess(pid: number): Promise<ProcessEntry | null> {
  try {
    const [stat, cmdline] = await Promise.all([
      readFile(`/proc/${pid}/stat`, 'utf8'),
      readFile(`/proc/${pid}/cmdline`, 'utf8'),
    ]);
    // The command name (field 2) is in parentheses and may itself contain spaces or ')'.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return {
      pid,
      state: fields[0] ?? '?',
      ppid: Number(fields[1]),
      pgid: Number(fields[2]),
      startTicks: Number(fields[19]),
      cmdline: cmdline.split('\0').join(' ').trim(),
    };
  } catch {
    return null;
  }
}

/**
 * Every live process this user can see in /proc (empty where there is no /proc). Zombies are
 * left out: they have exited and hold nothing but their exit status (an init that reaps slowly
 * can keep killed orphans around as zombies for a while).
 */
export async function listProcesses(): Promise<ProcessEntry[]> {
  const names = await readdir('/proc').catch(() => [] as string[]);
  const entries = await Promise.all(
    names.filter((name) => /^\d+$/.test(name)).map((name) => readProcess(Number(name))),
  );
  return entries.filter(
    (entry): entry is ProcessEntry => entry !== null && entry.state !== 'Z' && entry.state !== 'X',
  );
}
