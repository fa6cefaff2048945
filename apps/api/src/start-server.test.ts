import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, utimes, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { claimJob, failJob } from '@ecg-render/db';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer } from './start-server.js';
import { createTestApp, testLookup, testScenario, type TestApp } from './test/test-app.js';

// The listener's shutdown: requests in flight finish, event streams end, new connections fail.
describe('startServer close', () => {
  let t: TestApp;
  let headers: Record<string, string>;
  beforeAll(async () => {
    t = await createTestApp();
    headers = (await t.newKey()).headers;
  });
  afterAll(() => t.close());

  it('drains a request in flight, ends event streams, then refuses connections', async () => {
    const server = await startServer({
      deps: {
        config: t.config,
        sql: t.db,
        storage: t.storage,
        dispatcher: t.dispatcher,
        lookup: testLookup,
        eventsPollMs: 50,
      },
      host: '127.0.0.1',
      port: 0,
    });
    const create = async (): Promise<string> => {
      const response = await fetch(`${server.url}/api/render`, {
        method: 'POST',
        headers: { ...headers, 'content-type': 'application/json' },
        body: JSON.stringify({
          scenario: testScenario(),
          videoUrl: 'https://media.example.com/a.mp4',
        }),
      });
      expect(response.status).toBe(202);
      return ((await response.json()) as { jobId: string }).jobId;
    };
    const watched = await create();
    const events = await fetch(`${server.url}/api/render/${watched}/events`, { headers });
    const eventsBody = events.text();

    // A DELETE of a processing job waits for its worker to acknowledge the cancel.
    const running = await create();
    const attemptId = randomUUID();
    await claimJob(t.db, { id: running, attemptId, workerId: 'w', leaseSeconds: 60 });
    const deleting = fetch(`${server.url}/api/render/${running}`, { method: 'DELETE', headers });
    await new Promise((resolve) => setTimeout(resolve, 300));

    let closed = false;
    const closing = server.close().then(() => (closed = true));
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(closed).toBe(false); // the DELETE is still in flight
    expect(await eventsBody).toContain('"status":"queued"'); // the stream was ended, not left open

    await failJob(t.db, {
      id: running,
      attemptId,
      error: { code: 'CANCELLED', message: 'cancelled' },
    });
    const deleted = await deleting;
    expect(deleted.status).toBe(204);
    // Its connection ends with it rather than idling until the keep-alive timeout.
    expect(deleted.headers.get('connection')).toBe('close');
    await closing;
    await expect(fetch(`${server.url}/health`)).rejects.toThrow();
  });
});

// What a killed API process leaves: uploads streamed to DATA_DIR/tmp, removed only in `finally`.
describe('startServer start-up', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  it('removes temp uploads a crashed process left, and nothing still being written', async () => {
    const tmp = join(t.dataDir, 'tmp');
    const hoursAgo = new Date(Date.now() - 2 * 60 * 60 * 1000);
    const file = async (path: string, old: boolean): Promise<string> => {
      await mkdir(join(path, '..'), { recursive: true });
      await writeFile(path, 'x');
      if (old) await utimes(path, hoursAgo, hoursAgo);
      return path;
    };
    const left = await file(join(tmp, 'uploads', `${randomUUID()}.upload`), true);
    const receiving = await file(join(tmp, 'uploads', `${randomUUID()}.upload`), false);
    const leftPlugin = join(tmp, 'plugins', randomUUID());
    await file(join(leftPlugin, 'package', 'manifest.json'), true);
    await utimes(join(leftPlugin, 'package'), hoursAgo, hoursAgo);
    await utimes(leftPlugin, hoursAgo, hoursAgo);
    // An old folder whose archive is still being written (another API process on this DATA_DIR).
    const unpacking = join(tmp, 'plugins', randomUUID());
    await file(join(unpacking, 'upload.zip'), false);
    await utimes(unpacking, hoursAgo, hoursAgo);
    // Not the API's: the worker sweeps its own folders.
    const workerFile = await file(join(tmp, 'workers', 'w-1', 'owner.json'), true);

    const server = await startServer({
      deps: { config: t.config, sql: t.db, storage: t.storage, dispatcher: t.dispatcher },
      host: '127.0.0.1',
      port: 0,
    });
    await server.close();
    expect(existsSync(left)).toBe(false);
    expect(existsSync(leftPlugin)).toBe(false);
    expect(existsSync(receiving)).toBe(true);
    expect(existsSync(unpacking)).toBe(true);
    expect(existsSync(workerFile)).toBe(true);
  });
});
