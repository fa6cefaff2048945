import { spawn } from 'node:child_process';
import { EcgError } from '@ecg-render/errors';
import { TailBuffer } from './tail-buffer.js';

export interface RunProcessOptions {
  command: string;
  args: readonly string[];
  signal?: AbortSignal;
  /** Stdout beyond this is dropped and `stdoutTruncated` set. Default 32 MiB. */
  maxStdoutBytes?: number;
  /** How much of stderr's tail is kept. Default 64 KiB. */
  stderrTailBytes?: number;
}

export interface ProcessResult {
  exitCode: number | null;
  /** The signal that ended the process, if one did. */
  exitSignal: NodeJS.Signals | null;
  stdout: string;
  stdoutTruncated: boolean;
  stderrTail: string;
}

/**
 * Runs a short-lived tool (ffprobe, a trial encode, nvidia-smi) to completion and collects its
 * output. Resolves whatever the exit code; rejects with the spawn error itself (callers map
 * `ENOENT`) or `CANCELLED` when the signal aborts, in which case the process is SIGKILLed and has
 * exited before the promise settles.
 */
export function runProcess(options: RunProcessOptions): Promise<ProcessResult> {
  const { signal } = options;
  if (signal?.aborted) return Promise.reject(cancelled(options.command, signal));
  const maxStdout = options.maxStdoutBytes ?? 32 * 1024 * 1024;
  return new Promise<ProcessResult>((resolve, reject) => {
    const child = spawn(options.command, options.args, { stdio: ['ignore', 'pipe', 'pipe'] });
    const stdout: Buffer[] = [];
    let stdoutBytes = 0;
    let stdoutTruncated = false;
    const stderr = new TailBuffer(options.stderrTailBytes ?? 64 * 1024);
    let spawnError: Error | undefined;
    let aborted = false;

    child.stdout.on('data', (chunk: Buffer) => {
      if (stdoutBytes + chunk.length > maxStdout) {
        stdoutTruncated = true;
        const room = maxStdout - stdoutBytes;
        if (room > 0) stdout.push(chunk.subarray(0, room));
        stdoutBytes = maxStdout;
        return;
      }
      stdout.push(chunk);
      stdoutBytes += chunk.length;
    });
    child.stderr.on('data', (chunk: Buffer) => stderr.push(chunk));

    const onAbort = (): void => {
      aborted = true;
      child.kill('SIGKILL');
    };
    signal?.addEventListener('abort', onAbort, { once: true });

    child.on('error', (error) => {
      // Spawn failures (ENOENT, EACCES) arrive here; 'close' still follows.
      spawnError ??= error;
    });
    child.on('close', (exitCode, exitSignal) => {
      signal?.removeEventListener('abort', onAbort);
      if (aborted && signal) reject(cancelled(options.command, signal));
      else if (spawnError) reject(spawnError);
      else {
        resolve({
          exitCode,
          exitSignal,
          stdout: Buffer.concat(stdout).toString('utf8'),
          stdoutTruncated,
          stderrTail: stderr.text(),
        });
      }
    });
  });
}

function cancelled(command: string, signal: AbortSignal): EcgError {
  return new EcgError('CANCELLED', `${command} was cancelled`, { cause: signal.reason });
}
