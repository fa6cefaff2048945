import { describe, expect, it } from 'vitest';
import type { FfmpegProgress } from './progress-parser.js';
import { runFfmpeg } from './run-ffmpeg.js';

const TINY = ['-hide_banner', '-nostdin', '-f', 'lavfi', '-i', 'testsrc2=size=64x48:rate=30'];

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

describe('runFfmpeg', () => {
  it('runs to completion and reports progress', async () => {
    const reports: FfmpegProgress[] = [];
    const run = runFfmpeg({
      args: [...TINY, '-frames:v', '30', '-progress', 'pipe:1', '-nostats', '-f', 'null', '-'],
      onProgress: (p) => reports.push(p),
    });
    expect(run.stdin).toBeNull();
    expect(typeof run.pid).toBe('number');
    await expect(run.done).resolves.toMatchObject({ stderrTail: expect.any(String) });
    expect(reports.at(-1)).toMatchObject({ frame: 30 });
    expect(reports.at(-1)?.outTimeSec).toBeCloseTo(1, 1);
  });

  it('rejects with FFMPEG_FAILED, the exit code and the end of stderr', async () => {
    const run = runFfmpeg({ args: [...TINY, '-c:v', 'no_such_encoder', '-f', 'null', '-'] });
    await expect(run.done).rejects.toMatchObject({
      code: 'FFMPEG_FAILED',
      message: expect.stringContaining('exited with code'),
      details: {
        exitCode: expect.any(Number),
        stderrTail: expect.stringContaining('no_such_encoder'),
      },
    });
  });

  it('rejects with FFMPEG_UNAVAILABLE when FFmpeg cannot be started', async () => {
    const run = runFfmpeg({ args: ['-version'], ffmpegPath: '/nonexistent/ffmpeg' });
    expect(run.pid).toBeUndefined();
    await expect(run.done).rejects.toMatchObject({ code: 'FFMPEG_UNAVAILABLE' });
  });

  it('SIGKILLs FFmpeg on abort and settles only once it is gone', async () => {
    const controller = new AbortController();
    let started!: () => void;
    const progressed = new Promise<void>((resolve) => (started = resolve));
    const run = runFfmpeg({
      // Reads stdin forever, realtime: never ends by itself.
      args: [
        ...TINY.slice(0, 2),
        '-re',
        ...TINY.slice(2),
        '-progress',
        'pipe:1',
        '-f',
        'null',
        '-',
      ],
      stdin: true,
      signal: controller.signal,
      onProgress: () => started(),
    });
    const pid = run.pid;
    if (pid === undefined) throw new Error('no pid');
    await progressed;
    expect(isRunning(pid)).toBe(true);
    controller.abort();
    await expect(run.done).rejects.toMatchObject({ code: 'CANCELLED' });
    expect(isRunning(pid)).toBe(false);
  });

  it('does not start when the signal has already aborted', async () => {
    const run = runFfmpeg({ args: ['-version'], signal: AbortSignal.abort() });
    expect(run.pid).toBeUndefined();
    await expect(run.done).rejects.toMatchObject({ code: 'CANCELLED' });
  });

  it('survives writes to the stdin of an FFmpeg that has exited (EPIPE)', async () => {
    const run = runFfmpeg({
      args: [
        '-hide_banner',
        '-f',
        'matroska',
        '-i',
        'pipe:0',
        '-c:v',
        'no_such_encoder',
        '-f',
        'null',
        '-',
      ],
      stdin: true,
    });
    const stdin = run.stdin;
    if (!stdin) throw new Error('no stdin');
    const failure = run.done.catch((e: unknown) => e);
    // Keep writing until well after FFmpeg gave up; without the runner's handler the EPIPE
    // 'error' event would crash this process.
    const chunk = Buffer.alloc(64 * 1024, 0x42);
    for (let i = 0; i < 50 && !stdin.destroyed; i++) {
      stdin.write(chunk);
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    expect(await failure).toMatchObject({ code: 'FFMPEG_FAILED' });
  });
});
