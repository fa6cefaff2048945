import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Readable, Writable } from 'node:stream';
import { EcgError } from '@ecg-render/errors';
import { CdpConnection } from './cdp-connection.js';
import type { ChromiumExecutable } from './find-chromium.js';

export interface Browser {
  readonly cdp: CdpConnection;
  readonly pid: number;
  readonly version: string;
  readonly executable: ChromiumExecutable;
  /** Ends the whole process tree and removes the profile; safe to call twice. */
  close(): Promise<void>;
}

/** Flags common to both capture modes: no network chatter, sRGB output, no LCD text fringes. */
const COMMON_FLAGS = [
  '--headless',
  '--disable-gpu',
  '--no-first-run',
  '--no-default-browser-check',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-quic',
  '--disable-extensions',
  '--disable-default-apps',
  '--disable-dev-shm-usage',
  '--disable-breakpad',
  '--disable-features=Translate,MediaRouter,OptimizationHints,InterestFeedContentSuggestions',
  '--mute-audio',
  '--hide-scrollbars',
  '--force-color-profile=srgb',
  '--disable-lcd-text',
  '--remote-debugging-pipe',
];

// What --deterministic-mode turns on, spelled out: frames are produced only by our BeginFrame calls,
// every compositor stage runs before a frame is drawn, and nothing animates on another thread.
const BEGIN_FRAME_FLAGS = [
  '--enable-begin-frame-control',
  '--run-all-compositor-stages-before-draw',
  '--disable-new-content-rendering-timeout',
  '--disable-threaded-animation',
  '--disable-threaded-scrolling',
  '--disable-checker-imaging',
];

function sandboxFlags(): string[] {
  // Chromium refuses to start its sandbox as root; elsewhere it keeps it.
  return process.getuid?.() === 0 ? ['--no-sandbox'] : [];
}

export async function launchBrowser(options: {
  executable: ChromiumExecutable;
  signal?: AbortSignal;
  timeoutMs?: number;
}): Promise<Browser> {
  const { executable } = options;
  const profile = await mkdtemp(join(tmpdir(), 'ecg-render-chrome-'));
  const args = [
    ...COMMON_FLAGS,
    ...sandboxFlags(),
    ...(executable.mode === 'beginframe' ? BEGIN_FRAME_FLAGS : []),
    `--user-data-dir=${profile}`,
    'about:blank',
  ];
  const child = spawn(executable.path, args, {
    stdio: ['ignore', 'ignore', 'pipe', 'pipe', 'pipe'],
    // Its own process group, so close() can end renderer and GPU processes too.
    detached: true,
  });
  let stderrTail = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderrTail = (stderrTail + chunk.toString('utf8')).slice(-8192);
  });
  const cdp = new CdpConnection(child.stdio[3] as Writable, child.stdio[4] as Readable);
  let exited = false;
  const exitPromise = new Promise<void>((resolve) => {
    child.once('exit', (code, signal) => {
      exited = true;
      cdp.markClosed(
        new EcgError('BROWSER_CRASHED', `Chromium exited (code ${code}, signal ${signal})`, {
          details: { stderrTail },
        }),
      );
      resolve();
    });
  });
  child.once('error', (error) => {
    cdp.markClosed(
      new EcgError('BROWSER_UNAVAILABLE', `Chromium could not start: ${error.message}`),
    );
  });

  let closing: Promise<void> | null = null;
  const close = (): Promise<void> => {
    closing ??= (async () => {
      if (!exited && child.pid !== undefined) {
        try {
          process.kill(-child.pid, 'SIGKILL');
        } catch {
          // Already gone.
        }
        await exitPromise;
      }
      await rm(profile, { recursive: true, force: true });
    })();
    return closing;
  };
  const onAbort = () => void close();
  options.signal?.addEventListener('abort', onAbort, { once: true });

  try {
    const timeoutMs = options.timeoutMs ?? 30_000;
    const version = await Promise.race([
      cdp.send<{ product: string }>('Browser.getVersion'),
      new Promise<never>((_, reject) =>
        setTimeout(
          () =>
            reject(
              new EcgError('BROWSER_UNAVAILABLE', `Chromium did not answer within ${timeoutMs} ms`),
            ),
          timeoutMs,
        ).unref(),
      ),
    ]);
    return { cdp, pid: child.pid!, version: version.product, executable, close };
  } catch (error) {
    await close();
    options.signal?.removeEventListener('abort', onAbort);
    if (error instanceof EcgError && error.code === 'BROWSER_CRASHED') {
      throw new EcgError(
        'BROWSER_UNAVAILABLE',
        `Chromium failed to start: ${stderrTail.slice(-500)}`,
        {
          cause: error,
        },
      );
    }
    throw error;
  }
}
