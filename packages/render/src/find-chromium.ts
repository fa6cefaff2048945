import { accessSync, constants } from 'node:fs';
import { EcgError } from '@ecg-render/errors';

export type CaptureMode = 'beginframe' | 'screenshot';

export interface ChromiumExecutable {
  path: string;
  /**
   * beginframe: chromium-headless-shell, whose HeadlessExperimental.beginFrame renders and captures
   * a frame on demand (~2-3x faster than screenshots, and frame timing is ours). screenshot: a full
   * Chromium in headless mode, captured with Page.captureScreenshot.
   */
  mode: CaptureMode;
}

// Debian installs /usr/bin/chromium* as shell wrappers; the real binaries live in /usr/lib/chromium.
// Launching the binary directly keeps the process tree to one root we can kill.
const HEADLESS_SHELL = [
  '/usr/lib/chromium/chromium-headless-shell',
  '/usr/bin/chromium-headless-shell',
];
const CHROMIUM = [
  '/usr/lib/chromium/chromium',
  '/usr/bin/chromium',
  '/usr/bin/chromium-browser',
  '/usr/bin/google-chrome',
];

function executable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** Picks the Chromium to capture with: a configured path, else headless-shell, else Chromium. */
export function findChromium(
  options: { path?: string; mode?: CaptureMode | 'auto' } = {},
): ChromiumExecutable {
  const wanted = options.mode ?? 'auto';
  if (options.path) {
    if (!executable(options.path)) {
      throw new EcgError(
        'BROWSER_UNAVAILABLE',
        `Chromium not found or not executable at ${options.path}`,
      );
    }
    const mode: CaptureMode =
      wanted === 'auto'
        ? options.path.includes('headless-shell')
          ? 'beginframe'
          : 'screenshot'
        : wanted;
    return { path: options.path, mode };
  }
  if (wanted !== 'screenshot') {
    const shell = HEADLESS_SHELL.find(executable);
    if (shell) return { path: shell, mode: 'beginframe' };
    if (wanted === 'beginframe') {
      throw new EcgError(
        'BROWSER_UNAVAILABLE',
        'BeginFrame capture needs chromium-headless-shell (Debian package chromium-headless-shell)',
      );
    }
  }
  const chromium = CHROMIUM.find(executable);
  if (chromium) return { path: chromium, mode: 'screenshot' };
  throw new EcgError(
    'BROWSER_UNAVAILABLE',
    'No Chromium found: install the Debian packages chromium-headless-shell (preferred) or chromium, or set CHROMIUM_PATH',
  );
}
