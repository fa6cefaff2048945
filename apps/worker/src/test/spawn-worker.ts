import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { Capabilities } from '@ecg-render/ffmpeg';
import type { StalledJobSettings } from '@ecg-render/queue';
import type { WorkerTiming } from '../worker-timing.js';

const ROOT = fileURLToPath(new URL('../../../../', import.meta.url));
const REGISTER = fileURLToPath(new URL('./register-ts.mjs', import.meta.url));
const CHILD = fileURLToPath(new URL('./worker-child.ts', import.meta.url));

export interface SpawnedWorker {
  child: ChildProcess;
  pid: number;
  output(): string;
  /** Resolves with the exit code (or signal) once the process is gone. */
  exited: Promise<number | string | null>;
}

/** Starts a worker as a real process (see worker-child.ts) with this environment. */
export function spawnWorker(input: {
  env: Record<string, string>;
  timing?: Partial<WorkerTiming>;
  capabilities?: Pick<Capabilities, 'encoders'>;
  queue?: { prefix?: string; stalled?: StalledJobSettings };
}): SpawnedWorker {
  const child = spawn(process.execPath, ['--import', REGISTER, CHILD], {
    cwd: ROOT,
    env: {
      PATH: process.env.PATH ?? '/usr/bin:/bin',
      HOME: process.env.HOME ?? '/tmp',
      ...input.env,
      ECG_TEST_WORKER: JSON.stringify({
        ...(input.timing && { timing: input.timing }),
        ...(input.capabilities && { capabilities: input.capabilities }),
        ...(input.queue && { queue: input.queue }),
      }),
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | string | null>((resolve) =>
    child.once('exit', (code, signal) => resolve(code ?? signal)),
  );
  return { child, pid: child.pid!, output: () => output, exited };
}

/** CPU-only capabilities, so test workers skip the trial encodes (the render path is the same). */
export const CPU_CAPABILITIES: Pick<Capabilities, 'encoders'> = {
  encoders: {
    libx264: { listed: true, works: true },
    libx265: { listed: true, works: true },
    h264_nvenc: { listed: true, works: false, error: 'no NVIDIA GPU in tests' },
    hevc_nvenc: { listed: true, works: false, error: 'no NVIDIA GPU in tests' },
  },
};
