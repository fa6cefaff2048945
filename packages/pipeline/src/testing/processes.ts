import { readdirSync, readFileSync } from 'node:fs';

/** Command lines of live processes whose command line contains `needle` (read from /proc). */
export function processesMatching(needle: string): { pid: number; cmd: string }[] {
  const out: { pid: number; cmd: string }[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry) || Number(entry) === process.pid) continue;
    try {
      const cmd = readFileSync(`/proc/${entry}/cmdline`, 'utf8').replace(/\0/g, ' ').trim();
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const state = stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3);
      if (state !== 'Z' && cmd.includes(needle)) out.push({ pid: Number(entry), cmd });
    } catch {
      // Exited while we looked.
    }
  }
  return out;
}

/** Children of this process that are Chromium or FFmpeg (what a failed render must not leave). */
export function renderChildren(): { pid: number; cmd: string }[] {
  const mine = new Set<number>([process.pid]);
  const all: { pid: number; ppid: number; pgid: number; cmd: string }[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      if (fields[0] === 'Z') continue;
      const cmd = readFileSync(`/proc/${entry}/cmdline`, 'utf8').replace(/\0/g, ' ').trim();
      all.push({ pid: Number(entry), ppid: Number(fields[1]), pgid: Number(fields[2]), cmd });
    } catch {
      // Exited while we looked.
    }
  }
  // Descendants by parent links; Chromium's own group leaders are children of this process.
  let grew = true;
  while (grew) {
    grew = false;
    for (const p of all) {
      if (!mine.has(p.pid) && (mine.has(p.ppid) || mine.has(p.pgid))) {
        mine.add(p.pid);
        grew = true;
      }
    }
  }
  return all.filter(
    (p) => p.pid !== process.pid && mine.has(p.pid) && /chrom|ffmpeg|ffprobe/.test(p.cmd),
  );
}
