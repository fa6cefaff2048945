import { createReadStream, statSync } from 'node:fs';
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface LocalHttp {
  url: string;
  /** Bodies POSTed to it, parsed as JSON. */
  received: { path: string; headers: IncomingHttpHeaders; json: Record<string, unknown> }[];
  close(): Promise<void>;
}

/**
 * A loopback HTTP server for tests: GET serves `files` (path → local file), POST records the JSON
 * it is sent (webhooks, ECG callbacks) and answers 200.
 */
export async function startLocalHttp(files: Record<string, string> = {}): Promise<LocalHttp> {
  const received: LocalHttp['received'] = [];
  const server = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0]!;
    if (req.method === 'GET' && files[path] !== undefined) {
      res.writeHead(200, {
        'content-type': 'video/mp4',
        'content-length': statSync(files[path]).size,
      });
      createReadStream(files[path]).pipe(res);
      return;
    }
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString()));
    req.on('end', () => {
      if (req.method === 'POST') {
        received.push({
          path,
          headers: req.headers,
          json: JSON.parse(body || '{}') as Record<string, unknown>,
        });
        res.writeHead(200).end();
      } else {
        res.writeHead(404).end();
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    received,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
