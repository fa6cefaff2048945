import { access, chmod, mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

const SETPRIV = ['/usr/bin/setpriv', '/bin/setpriv'];

/**
 * Writes `<dir>/ffmpeg`, which runs the real FFmpeg under PR_SET_PDEATHSIG (util-linux
 * `setpriv --pdeathsig KILL`): the kernel kills FFmpeg the moment the worker dies, even by
 * SIGKILL. Without it an FFmpeg whose worker was killed reads the end of its caption pipe as
 * "no more captions" and goes on encoding the rest of the source as an orphan (seen here).
 * `setpriv` execs FFmpeg in place, so its command line is FFmpeg's own. Returns the wrapper's
 * path, or the plain FFmpeg path where there is no setpriv (then only the start-up sweep
 * reaps orphans).
 */
export async function writeFfmpegWrapper(input: {
  dir: string;
  ffmpegPath: string;
}): Promise<string> {
  let setpriv: string | undefined;
  for (const candidate of SETPRIV) {
    if (
      await access(candidate).then(
        () => true,
        () => false,
      )
    ) {
      setpriv = candidate;
      break;
    }
  }
  if (setpriv === undefined || process.platform !== 'linux') return input.ffmpegPath;
  await mkdir(input.dir, { recursive: true });
  const path = join(input.dir, 'ffmpeg');
  const quoted = `'${input.ffmpegPath.replaceAll("'", "'\\''")}'`;
  await writeFile(path, `#!/bin/sh\nexec ${setpriv} --pdeathsig KILL -- ${quoted} "$@"\n`);
  await chmod(path, 0o755);
  return path;
}
