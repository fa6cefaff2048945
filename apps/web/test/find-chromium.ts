import { existsSync } from 'node:fs';

/** Debian's Chromium (the test never downloads a browser). */
export function findChromium(): string {
  const path = ['/usr/bin/chromium', '/usr/lib/chromium/chromium'].find((p) => existsSync(p));
  if (!path) throw new Error('Chromium is not installed (Debian package "chromium")');
  return path;
}
