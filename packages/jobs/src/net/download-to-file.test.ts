import { createServer, type Server } from 'node:http';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { downloadToFile, type DownloadToFileOptions } from './download-to-file.js';

describe('downloadToFile', () => {
  let server: Server;
  let base: string;
  let port: number;
  let dir: string;
  const hits: string[] = [];
  const body = Buffer.alloc(64 * 1024, 7);

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'ecg-download-'));
    server = createServer((req, res) => {
      hits.push(req.url ?? '');
      const url = new URL(req.url ?? '/', 'http://x');
      switch (url.pathname) {
        case '/video':
          res.writeHead(200, { 'content-type': 'video/mp4', 'content-length': body.length });
          res.end(body);
          return;
        case '/chunked':
          // No Content-Length: only counting the bytes can enforce the cap.
          res.writeHead(200, { 'content-type': 'video/mp4' });
          res.write(body);
          res.end(body);
          return;
        case '/slow':
          res.writeHead(200, { 'content-length': '100' });
          res.write('x'); // and never finishes
          return;
        case '/redirect':
          res.writeHead(302, { location: url.searchParams.get('to') ?? '/video' });
          res.end();
          return;
        case '/loop':
          res.writeHead(301, { location: '/loop' });
          res.end();
          return;
        case '/missing':
          res.writeHead(404);
          res.end();
          return;
        case '/broken':
          res.writeHead(503);
          res.end();
          return;
        default:
          res.writeHead(500);
          res.end();
      }
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as AddressInfo).port;
    base = `http://127.0.0.1:${port}`;
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
    rmSync(dir, { recursive: true, force: true });
  });

  const download = (overrides: Partial<DownloadToFileOptions> & { url: string }) => {
    const destination = join(dir, `file-${Math.random().toString(36).slice(2)}`);
    return {
      destination,
      run: downloadToFile({
        destination,
        maxBytes: 1024 * 1024,
        timeoutMs: 5_000,
        allowPrivate: false,
        ...overrides,
      }),
    };
  };

  it('downloads from a local server when private addresses are allowed (tests only)', async () => {
    const { destination, run } = download({ url: `${base}/video`, allowPrivate: true });
    const result = await run;
    expect(result).toMatchObject({ bytes: body.length, contentType: 'video/mp4', redirects: 0 });
    expect(readFileSync(destination)).toEqual(body);
  });

  it('follows redirects, counting the hops', async () => {
    const { destination, run } = download({
      url: `${base}/redirect?to=/video`,
      allowPrivate: true,
    });
    expect((await run).redirects).toBe(1);
    expect(readFileSync(destination).length).toBe(body.length);
  });

  it.each([
    ['loopback', 'http://127.0.0.1:9/x'],
    ['a private (RFC 1918)', 'http://10.0.0.5/video.mp4'],
    ['the cloud metadata service', 'http://169.254.169.254/latest/meta-data/'],
    ['IPv6 loopback', 'http://[::1]:9/x'],
    ['IPv4-mapped loopback', 'http://[::ffff:127.0.0.1]:9/x'],
    ['a decimal loopback spelling', 'http://2130706433:9/x'],
    ['a name that resolves to loopback', `http://localhost:${0}/x`],
  ])('refuses %s address: %s', async (_what, url) => {
    const before = hits.length;
    const { destination, run } = download({ url: url.replace(':0/', `:${port}/`) });
    await expect(run).rejects.toMatchObject({ code: 'URL_NOT_ALLOWED' });
    expect(existsSync(destination)).toBe(false);
    expect(hits.length).toBe(before);
  });

  it.each(['ftp://example.com/a.mp4', 'file:///etc/passwd', 'gopher://x/', 'not a url'])(
    'refuses %s',
    async (url) => {
      await expect(download({ url, allowPrivate: true }).run).rejects.toMatchObject({
        code: 'URL_NOT_ALLOWED',
      });
    },
  );

  it('re-checks every redirect hop: an allowed server redirecting inward is refused', async () => {
    // The first hop is an explicitly allowed address (as an operator's in-house media host
    // would be); each redirect target is resolved and checked again at connect time.
    const allowAddresses = ['127.0.0.1'];
    const resolve = (host: string) =>
      Promise.resolve(
        host === 'public.example'
          ? [{ address: '127.0.0.1', family: 4 as const }]
          : host === 'inside.example'
            ? [{ address: '10.0.0.7', family: 4 as const }]
            : [],
      );
    for (const target of [
      `http://[::1]:${port}/video`,
      'http://169.254.169.254/latest/meta-data/',
      'http://inside.example/video',
    ]) {
      const before = hits.length;
      const { destination, run } = download({
        url: `http://public.example:${port}/redirect?to=${encodeURIComponent(target)}`,
        allowAddresses,
        resolve,
      });
      await expect(run, target).rejects.toMatchObject({ code: 'URL_NOT_ALLOWED' });
      expect(existsSync(destination)).toBe(false);
      // Only the redirecting hop reached a server.
      expect(hits.slice(before)).toEqual([`/redirect?to=${encodeURIComponent(target)}`]);
    }
  });

  it('checks the address it connects to, not an earlier answer (DNS rebinding)', async () => {
    // The resolver answers a public address first and an internal one the next time, as a
    // rebinding DNS server does; the only resolution that counts is the connection's own.
    let calls = 0;
    const resolve = () => {
      calls += 1;
      return Promise.resolve([
        { address: calls === 1 ? '93.184.216.34' : '127.0.0.1', family: 4 as const },
      ]);
    };
    const { assertPublicUrl } = await import('./assert-public-url.js');
    await assertPublicUrl({ url: `http://rebind.example:${port}/video`, policy: { resolve } });
    const before = hits.length;
    await expect(
      download({ url: `http://rebind.example:${port}/video`, resolve }).run,
    ).rejects.toMatchObject({ code: 'URL_NOT_ALLOWED', details: { address: '127.0.0.1' } });
    expect(hits.length).toBe(before);
  });

  it('refuses a name with any internal address among its answers', async () => {
    const resolve = () =>
      Promise.resolve([
        { address: '93.184.216.34', family: 4 as const },
        { address: '10.0.0.1', family: 4 as const },
      ]);
    await expect(download({ url: 'http://mixed.example/x', resolve }).run).rejects.toMatchObject({
      code: 'URL_NOT_ALLOWED',
    });
  });

  it('caps the size by Content-Length before reading, and by counting otherwise', async () => {
    const announced = download({ url: `${base}/video`, allowPrivate: true, maxBytes: 1000 });
    await expect(announced.run).rejects.toMatchObject({ code: 'DOWNLOAD_TOO_LARGE' });
    expect(existsSync(announced.destination)).toBe(false);
    const counted = download({
      url: `${base}/chunked`,
      allowPrivate: true,
      maxBytes: body.length + 10,
    });
    await expect(counted.run).rejects.toMatchObject({ code: 'DOWNLOAD_TOO_LARGE' });
    expect(existsSync(counted.destination)).toBe(false);
  });

  it('caps the total time and removes the partial file (retryable)', async () => {
    const slow = download({ url: `${base}/slow`, allowPrivate: true, timeoutMs: 300 });
    await expect(slow.run).rejects.toMatchObject({ code: 'DOWNLOAD_FAILED', retryable: true });
    expect(existsSync(slow.destination)).toBe(false);
  });

  it('caps redirects, and maps statuses to codes', async () => {
    await expect(download({ url: `${base}/loop`, allowPrivate: true }).run).rejects.toMatchObject({
      code: 'DOWNLOAD_FAILED',
      retryable: false,
    });
    await expect(
      download({ url: `${base}/missing`, allowPrivate: true }).run,
    ).rejects.toMatchObject({
      code: 'MEDIA_NOT_FOUND',
    });
    await expect(download({ url: `${base}/broken`, allowPrivate: true }).run).rejects.toMatchObject(
      {
        code: 'DOWNLOAD_FAILED',
        retryable: true,
      },
    );
  });

  it('is cancelled by its signal, leaving nothing behind', async () => {
    const controller = new AbortController();
    const slow = download({ url: `${base}/slow`, allowPrivate: true, signal: controller.signal });
    setTimeout(() => controller.abort(), 100);
    await expect(slow.run).rejects.toMatchObject({ code: 'CANCELLED' });
    expect(existsSync(slow.destination)).toBe(false);
  });
});
