import { spawn } from 'node:child_process';
import type { Writable } from 'node:stream';
import { EcgError } from '@ecg-render/errors';
import { ProgressParser, type FfmpegProgress } from './progress-parser.js';
import { TailBuffer } from './tail-buffer.js';
import { toUnavailableError } from './to-unavailable-error.js';

export interface RunFfmpegOptions {
  args: readonly string[];
  /** Default `ffmpeg`, looked up on PATH. */
  ffmpegPath?: string;
  /** Aborting SIGKILLs FFmpeg; `done` then rejects with `CANCELLED` once the process is gone. */
  signal?: AbortSignal;
  /** Give the caller FFmpeg's stdin (for `pipe:0` inputs). Default false: stdin is /dev/null. */
  stdin?: boolean;
  /** Called for each `-progress pipe:1` report (the args must ask for it). Exceptions are ignored. */
  onProgress?: (progress: FfmpegProgress) => void;
}

export interface FfmpegRun {
  /**
   * FFmpeg's stdin when asked for, else null. Writes after FFmpeg has exited fail with EPIPE on
   * this stream (its 'error' is already handled so the process does not crash); the reason is in
   * `done`, so callers that stream into it should race their writes against `done`.
   */
  stdin: Writable | null;
  /** Settles only after the process has exited. */
  done: Promise<{ stderrTail: string }>;
  /** Undefined when FFmpeg could not be started (or the signal had already aborted). */
  pid: number | undefined;
}

/** How much of stderr is kept for error reports: enough for FFmpeg's last complaints. */
const STDERR_TAIL_BYTES = 64 * 1024;

/**
 * Spawns FFmpeg with the given arguments (built by the `build*Command` functions) and reports its
 * progress. `done` resolves on exit code 0 and rejects with `FFMPEG_FAILED` (details: exitCode,
 * signal, stderrTail) otherwise, `FFMPEG_UNAVAILABLE` when FFmpeg cannot be started, and
 * `CANCELLED` when the signal aborts.
 */
export function runFfmpeg(options: RunFfmpegOptions): FfmpegRun {
  const command = options.ffmpegPath ?? 'ffmpeg';
  const { signal } = options;
  if (signal?.aborted) {
    const done = Promise.reject(
      new EcgError('CANCELLED', 'FFmpeg was cancelled before it started', { cause: signal.reason }),
    );
    done.catch(() => undefined);
    return { stdin: null, done, pid: undefined };
  }

  const child = spawn(command, options.args, {
    stdio: [options.stdin ? 'pipe' : 'ignore', 'pipe', 'pipe'],
  });
  const stderr = new TailBuffer(STDERR_TAIL_BYTES);
  const progress = new ProgressParser();
  let spawnError: Error | undefined;
  let aborted = false;

  // Without a listener, EPIPE from writing to an FFmpeg that already exited would be an
  // uncaught 'error' event and take the whole Node process down.
  child.stdin?.on('error', () => undefined);
  child.stderr?.on('data', (chunk: Buffer) => stderr.push(chunk));
  child.stdout?.setEncoding('utf8');
  child.stdout?.on('data', (chunk: string) => {
    const { onProgress } = options;
    if (!onProgress) return;
    for (const report of progress.push(chunk)) {
      try {
        onProgress(report);
      } catch {
        // A progress callback must not be able to break the render.
      }
    }
  });

  const onAbort = (): void => {
    aborted = true;
    child.kill('SIGKILL');
  };
  signal?.addEventListener('abort', onAbort, { once: true });

  const done = new Promise<{ stderrTail: string }>((resolve, reject) => {
    child.on('error', (error) => {
      // Spawn failures land here; 'close' follows and settles the promise.
      spawnError ??= error;
    });
    child.on('close', (exitCode, exitSignal) => {
      try {
        const stderrTail = stderr.text();
        if (aborted && signal) {
          reject(new EcgError('CANCELLED', 'FFmpeg was cancelled', { cause: signal.reason }));
        } else if (spawnError) {
          reject(toUnavailableError(spawnError, command));
        } else if (exitCode === 0) {
          resolve({ stderrTail });
        } else {
          const how =
            exitCode === null ? `was killed by ${exitSignal}` : `exited with code ${exitCode}`;
          reject(
            new EcgError('FFMPEG_FAILED', `FFmpeg ${how}: ${lastLine(stderrTail)}`, {
              details: { exitCode, signal: exitSignal, stderrTail },
            }),
          );
        }
      } finally {
        signal?.removeEventListener('abort', onAbort);
      }
    });
  });
  // Callers usually await `done` only after they finish writing to stdin; a failure before then
  // must not count as an unhandled rejection (which ends the Node process). Awaiting `done`
  // still sees it.
  done.catch(() => undefined);
  return { stdin: child.stdin, done, pid: child.pid };
}

function lastLine(text: string): string {
  const lines = text.trim().split('\n');
  return lines[lines.length - 1]?.trim() ?? '';
}
