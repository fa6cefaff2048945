import { EcgError } from '@ecg-render/errors';
import { runProcess } from './run-process.js';
import { toUnavailableError } from './to-unavailable-error.js';

export interface RunFfprobeOptions {
  args: readonly string[];
  /** Default `ffprobe`, looked up on PATH. */
  ffprobePath?: string;
  signal?: AbortSignal;
}

/**
 * Runs ffprobe and returns its stdout. Rejects with `FFMPEG_UNAVAILABLE` when ffprobe cannot be
 * started, `CANCELLED` on abort, and `FFMPEG_FAILED` (details: exitCode, stderrTail) on a
 * non-zero exit.
 */
export async function runFfprobe(
  options: RunFfprobeOptions,
): Promise<{ stdout: string; stderrTail: string }> {
  const command = options.ffprobePath ?? 'ffprobe';
  let result;
  try {
    result = await runProcess({ command, args: options.args, signal: options.signal });
  } catch (error) {
    throw toUnavailableError(error, command);
  }
  if (result.exitCode !== 0) {
    throw new EcgError('FFMPEG_FAILED', `ffprobe exited with ${exitDescription(result)}`, {
      details: { exitCode: result.exitCode, stderrTail: result.stderrTail },
    });
  }
  if (result.stdoutTruncated) {
    throw new EcgError('FFMPEG_FAILED', 'ffprobe wrote more output than is accepted', {
      details: { stderrTail: result.stderrTail },
    });
  }
  return { stdout: result.stdout, stderrTail: result.stderrTail };
}

function exitDescription(result: { exitCode: number | null; exitSignal: string | null }): string {
  return result.exitCode === null ? `signal ${result.exitSignal}` : `code ${result.exitCode}`;
}
