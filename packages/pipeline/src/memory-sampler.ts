import { readdirSync, readFileSync } from 'node:fs';

export interface MemorySampler {
  /** Highest total PSS seen, in bytes (0 where /proc is unavailable). */
  peakBytes(): number;
  stop(): void;
}

function pssBytes(pid: number): number {
  try {
    const text = readFileSync(`/proc/${pid}/smaps_rollup`, 'utf8');
    const match = /^Pss:\s+(\d+) kB/m.exec(text);
    return match ? Number(match[1]) * 1024 : 0;
  } catch {
    return 0;
  }
}

/** Process group of each live pid (field 5 of /proc/<pid>/stat). */
function processGroups(): Map<number, number> {
  const groups = new Map<number, number>();
  let entries: string[];
  try {
    entries = readdirSync('/proc');
  } catch {
    return groups;
  }
  for (const entry of entries) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      // The command name (field 2) is parenthesised and may contain spaces.
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      groups.set(Number(entry), Number(fields[2]));
    } catch {
      // Exited while we looked.
    }
  }
  return groups;
}

/**
 * Samples the proportional set size (PSS: shared pages split among their users, so Chromium's
 * many processes are not counted several times) of this process, the given child pids and every
 * process in the given process groups (each Chromium runs in its own group), keeping the peak.
 */
export function startMemorySampler(options: {
  pids: () => number[];
  groups: () => number[];
  intervalMs?: number;
}): MemorySampler {
  let peak = 0;
  const sample = () => {
    const pids = new Set([process.pid, ...options.pids()]);
    const groups = new Set(options.groups());
    if (groups.size > 0) {
      for (const [pid, group] of processGroups()) if (groups.has(group)) pids.add(pid);
    }
    let total = 0;
    for (const pid of pids) total += pssBytes(pid);
    peak = Math.max(peak, total);
  };
  sample();
  const timer = setInterval(sample, options.intervalMs ?? 250);
  timer.unref();
  return {
    peakBytes: () => peak,
    stop: () => {
      sample();
      clearInterval(timer);
    },
  };
}
