import { listProcesses, type ProcessEntry } from './list-processes.js';

/**
 * Kills what a dead worker left running: every process whose command line names one of its
 * temp folders (FFmpeg writes its output there), and Chromium browsers of ours that lost their
 * parent (re-parented to init). Chromium launched with --remote-debugging-pipe exits by itself
 * when its parent dies, since the pipe closes; this catches the cases where it does not. FFmpeg
 * is the real risk: with its stdin closed it takes the caption stream as ended and would go on
 * encoding the rest of the video (the worker also runs it under PR_SET_PDEATHSIG, see
 * writeFfmpegWrapper). Returns the processes killed.
 */
export async function reapOrphans(input: { paths: readonly string[] }): Promise<ProcessEntry[]> {
  const self = process.pid;
  const processes = await listProcesses();
  const killed: ProcessEntry[] = [];
  for (const entry of processes) {
    if (entry.pid === self) continue;
    const named = input.paths.some((path) => path !== '' && namesFolder(entry.cmdline, path));
    // When this worker is itself pid 1 (a container's init), live browsers of ours have parent 1
    // too, so parentage says nothing and only named paths count.
    const orphanBrowser =
      self !== 1 &&
      entry.ppid === 1 &&
      entry.pgid === entry.pid &&
      /--user-data-dir=\S*ecg-render-chrome-/.test(entry.cmdline);
    if (!named && !orphanBrowser) continue;
    try {
      // A browser is a group leader (launched detached): take its renderer and GPU helpers too.
      process.kill(orphanBrowser ? -entry.pid : entry.pid, 'SIGKILL');
      killed.push(entry);
    } catch {
      // Gone already, or not ours to kill.
    }
  }
  return killed;
}

/**
 * Whether a command line names `folder` or something inside it. A bare substring test is not
 * enough: the folder of a dead worker `w-12` is a prefix of a live neighbour's `w-123`, whose
 * FFmpeg must not be killed.
 */
function namesFolder(cmdline: string, folder: string): boolean {
  const bare = folder.replace(/\/+$/, '');
  for (let at = cmdline.indexOf(bare); at >= 0; at = cmdline.indexOf(bare, at + 1)) {
    const next = cmdline[at + bare.length];
    if (next === undefined || next === '/' || next === ' ') return true;
  }
  return false;
}
