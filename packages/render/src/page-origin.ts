import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { extname, resolve, sep } from 'node:path';
import { pageBundleDir } from '@ecg-render/page';

/** The render page's own origin. Never resolved by DNS: every request is answered by us. */
export const PAGE_ORIGIN = 'http://ecg.render';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.json': 'application/json',
  '.map': 'application/json',
  '.css': 'text/css',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.avif': 'image/avif',
  '.svg': 'image/svg+xml',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
  '.ttf': 'font/ttf',
  '.otf': 'font/otf',
  '.mp4': 'video/mp4',
  '.webm': 'video/webm',
};

export interface PageOriginOptions {
  /** URL prefix (e.g. '/plugins/fade@1.0.0/') → folder on disk. */
  mounts: Record<string, string>;
}

export interface OriginResponse {
  status: number;
  headers: Record<string, string>;
  body: Buffer;
}

/** Joins `relative` under `root`, refusing anything that escapes it. */
function inside(root: string, relative: string): string | null {
  const base = resolve(root);
  const target = resolve(base, relative);
  return target === base || target.startsWith(base + sep) ? target : null;
}

let indexHtml: { html: Buffer; csp: string } | null = null;

async function loadIndex(): Promise<{ html: Buffer; csp: string }> {
  if (indexHtml) return indexHtml;
  const html = await readFile(`${pageBundleDir}index.html`);
  // The import map is the page's only inline script; the CSP allows exactly it, by hash.
  const importMap =
    /<script type="importmap">([\s\S]*?)<\/script>/.exec(html.toString('utf8'))?.[1] ?? '';
  const hash = createHash('sha256').update(importMap).digest('base64');
  const csp = [
    "default-src 'none'",
    `script-src 'self' 'sha256-${hash}'`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self' data: blob:",
    "media-src 'self' data: blob:",
    "connect-src 'self'",
    "base-uri 'none'",
    "form-action 'none'",
  ].join('; ');
  indexHtml = { html, csp };
  return indexHtml;
}

/**
 * Answers a request for the render page's origin from local files only: the page bundle, plugin
 * folders and scenario asset folders mounted by the caller. Anything else gets null (the session
 * blocks it): the page never reaches the network.
 */
export async function serveOrigin(
  url: string,
  options: PageOriginOptions,
): Promise<OriginResponse | null> {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return null;
  }
  if (parsed.origin !== PAGE_ORIGIN) return null;
  const path = decodeURIComponent(parsed.pathname);
  if (path === '/' || path === '/index.html') {
    const index = await loadIndex();
    return {
      status: 200,
      headers: { 'Content-Type': TYPES['.html']!, 'Content-Security-Policy': index.csp },
      body: index.html,
    };
  }
  let file: string | null = null;
  for (const [prefix, dir] of Object.entries(options.mounts)) {
    if (path.startsWith(prefix)) {
      file = inside(dir, path.slice(prefix.length));
      break;
    }
  }
  if (!file && /^\/[\w.-]+$/.test(path)) file = inside(pageBundleDir, path.slice(1));
  if (!file) return null;
  try {
    const body = await readFile(file);
    const type = TYPES[extname(file).toLowerCase()] ?? 'application/octet-stream';
    return { status: 200, headers: { 'Content-Type': type, 'Cache-Control': 'no-store' }, body };
  } catch {
    return {
      status: 404,
      headers: { 'Content-Type': 'text/plain' },
      body: Buffer.from('not found'),
    };
  }
}
