import { Readable } from 'node:stream';
import { jobStorageKeys } from '@ecg-render/jobs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, testScenario, type TestApp } from '../test/test-app.js';

describe('GET /api/render/{id}/thumbnail', () => {
  let t: TestApp;
  let alice: Record<string, string>;
  let bob: Record<string, string>;
  beforeAll(async () => {
    t = await createTestApp();
    alice = (await t.newKey()).headers;
    bob = (await t.newKey()).headers;
  });
  afterAll(() => t.close());

  it('serves the latest rendered frame to the job owner only, 404 before the first', async () => {
    const created = await t.app.inject({
      method: 'POST',
      url: '/api/render',
      headers: alice,
      payload: { scenario: testScenario(), videoUrl: 'https://media.example.com/clip.mp4' },
    });
    const { jobId } = created.json<{ jobId: string }>();
    const url = `/api/render/${jobId}/thumbnail`;
    const none = await t.app.inject({ url, headers: alice });
    expect(none.statusCode).toBe(404);
    expect(none.json()).toMatchObject({ code: 'NOT_FOUND' });

    // What a worker uploads while rendering (apps/worker start-preview-uploads).
    const jpeg = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 1, 2, 3, 0xff, 0xd9]);
    await t.storage.putStream({
      key: jobStorageKeys.preview(jobId),
      stream: Readable.from([jpeg]),
    });
    const shown = await t.app.inject({ url, headers: alice });
    expect(shown.statusCode).toBe(200);
    expect(shown.headers['content-type']).toBe('image/jpeg');
    expect(shown.headers['cache-control']).toBe('no-store');
    expect(shown.rawPayload.equals(jpeg)).toBe(true);

    expect((await t.app.inject({ url, headers: bob })).statusCode).toBe(404);
  });
});
