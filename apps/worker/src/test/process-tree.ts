import { listProcesses, type ProcessEntry } from '../temp/list-processes.js';

/** `pid` and every process below it (children, grandchildren…) now. */
export async function processTree(pid: number): Promise<ProcessEntry[]> {
  const all = await listProcesses();
  const tree: ProcessEntry[] = [];
  let frontier = [pid];
  while (frontier.length > 0) {
    const children = all.filter((p) => frontier.includes(p.ppid));
    tree.push(...children);
    frontier = children.map((p) => p.pid);
  }
  return tree;
}

/** Which of these processes still run (same pid and start time: not a reused pid). */
export async function stillRunning(entries: readonly ProcessEntry[]): Promise<ProcessEntry[]> {
  const all = await listProcesses();
  return entries.filter((e) => all.some((p) => p.pid === e.pid && p.startTicks === e.startTicks));
}

/** Processes whose command line mentions `text` (a temp folder, a profile). */
export async function processesMentioning(text: string): Promise<ProcessEntry[]> {
  return (await listProcesses()).filter((p) => p.pid !== process.pid && p.cmdline.includes(text));
}
