import { randomUUID } from 'node:crypto';
import { Readable } from 'node:stream';
import {
  claimJob,
  completeJob,
  failJob,
  listWebhookDeliveries,
  updateJobProgress,
} from '@ecg-render/db';
import type { InjectOptions } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, testScenario, type TestApp } from '../test/test-app.js';

const VIDEO_URL = 'https://media.example.com/clip.mp4';

describe('job routes', () => {
  let t: TestApp;
  let alice: Record<string, string>;
  let bob: Record<string, string>;
  beforeAll(async () => {
    t = await createTestApp();
    alice = (await t.newKey()).headers;
    bob = (await t.newKey()).headers;
  });
  afterAll(() => t.close());

  async function create(
    headers: Record<string, string>,
    extra: Record<string, unknown> = {},
  ): Promise<string> {
    const response = await t.app.inject({
      method: 'POST',
      url: '/api/render',
      headers,
      payload: { scenario: testScenario(), videoUrl: VIDEO_URL, ...extra },
    });
    expect(response.statusCode, response.body).toBe(202);
    return response.json<{ jobId: string }>().jobId;
  }

  /** Plays a worker: claims the job, reports progress, writes an output and completes it. */
  async function complete(
    jobId: string,
    bytes = Buffer.from('0123456789abcdefghij'),
  ): Promise<string> {
    const attemptId = randomUUID();
    await claimJob(t.db, { id: jobId, attemptId, workerId: 'w-test', leaseSeconds: 60 });
    const key = `jobs/${jobId}/attempt-${attemptId}/output.mp4`;
    await t.storage.putStream({ key, stream: Readable.from([bytes]) });
    expect(
      await completeJob(t.db, {
        id: jobId,
        attemptId,
        output: { key, sizeBytes: bytes.length, durationSeconds: 2.5 },
      }),
    ).toBe(true);
    return key;
  }

  const get = (url: string, headers: Record<string, string>, extra: Partial<InjectOptions> = {}) =>
    t.app.inject({ method: 'GET', url, headers, ...extra });

  it('reports progress, fps, ETA and frames while processing', async () => {
    const jobId = await create(alice);
    const attemptId = randomUUID();
    await claimJob(t.db, { id: jobId, attemptId, workerId: 'w-test', leaseSeconds: 60 });
    await updateJobProgress(t.db, {
      id: jobId,
      attemptId,
      leaseSeconds: 60,
      progress: 40,
      fps: 55.5,
      etaSeconds: 12,
      framesDone: 40,
      framesTotal: 100,
    });
    const body = (await get(`/api/render/${jobId}`, alice)).json();
    expect(body).toMatchObject({
      status: 'processing',
      progress: 40,
      fps: 55.5,
      etaSeconds: 12,
      framesDone: 40,
      framesTotal: 100,
      error: null,
      output: null,
    });
    expect(body.startedAt).toEqual(expect.any(String));
  });

  it('shows a failed job with its error code and message', async () => {
    const jobId = await create(alice);
    const attemptId = randomUUID();
    await claimJob(t.db, { id: jobId, attemptId, workerId: 'w-test', leaseSeconds: 60 });
    await failJob(t.db, {
      id: jobId,
      attemptId,
      error: { code: 'UNSUPPORTED_MEDIA', message: 'not a video' },
    });
    expect((await get(`/api/render/${jobId}`, alice)).json()).toMatchObject({
      status: 'failed',
      error: { code: 'UNSUPPORTED_MEDIA', message: 'not a video' },
    });
  });

  it('a key never sees another key’s jobs: 404 for get, cancel, delete, download, events; lists are scoped', async () => {
    const jobId = await create(alice);
    for (const request of [
      { method: 'GET', url: `/api/render/${jobId}` },
      { method: 'POST', url: `/api/render/${jobId}/cancel` },
      { method: 'DELETE', url: `/api/render/${jobId}` },
      { method: 'GET', url: `/api/render/${jobId}/download` },
      { method: 'GET', url: `/api/render/${jobId}/events` },
    ] as const) {
      const response = await t.app.inject({ ...request, headers: bob });
      expect({ url: request.url, status: response.statusCode, code: response.json().code }).toEqual(
        { url: request.url, status: 404, code: 'NOT_FOUND' },
      );
    }
    const bobs = (await get('/api/render', bob)).json<{ jobs: { jobId: string }[] }>();
    expect(bobs.jobs.map((j) => j.jobId)).not.toContain(jobId);
    expect((await get(`/api/render/${jobId}`, alice)).statusCode).toBe(200);
  });

  it('lists newest first with paging and a state filter', async () => {
    const carol = (await t.newKey()).headers;
    const ids = [await create(carol), await create(carol), await create(carol)];
    await complete(ids[0]!);
    const first = (await get('/api/render?limit=2', carol)).json<{
      jobs: { jobId: string }[];
      nextCursor: string;
    }>();
    expect(first.jobs.map((j) => j.jobId)).toEqual([ids[2], ids[1]]);
    const second = (await get(`/api/render?limit=2&cursor=${first.nextCursor}`, carol)).json();
    expect(second).toMatchObject({ jobs: [{ jobId: ids[0] }], nextCursor: null });
    const queued = (await get('/api/render?state=queued', carol)).json<{
      jobs: { jobId: string }[];
    }>();
    expect(queued.jobs.map((j) => j.jobId)).toEqual([ids[2], ids[1]]);
    const completed = (await get('/api/render?state=completed,failed', carol)).json<{
      jobs: { jobId: string }[];
    }>();
    expect(completed.jobs.map((j) => j.jobId)).toEqual([ids[0]]);
    expect((await get('/api/render?state=done', carol)).json()).toMatchObject({
      code: 'INVALID_REQUEST',
      details: { field: 'querystring.state' },
    });
    expect((await get('/api/render?limit=1000', carol)).json()).toMatchObject({
      code: 'INVALID_REQUEST',
    });
    expect((await get('/api/render?cursor=bogus', carol)).json()).toMatchObject({
      code: 'INVALID_REQUEST',
    });
  });

  it('cancels a queued job at once, a processing one by request; 409 once completed', async () => {
    const queued = await create(alice);
    const cancelled = await t.app.inject({
      method: 'POST',
      url: `/api/render/${queued}/cancel`,
      headers: alice,
    });
    expect(cancelled.json()).toMatchObject({ status: 'cancelled' });

    const running = await create(alice);
    await claimJob(t.db, { id: running, attemptId: randomUUID(), workerId: 'w', leaseSeconds: 60 });
    const asked = await t.app.inject({
      method: 'POST',
      url: `/api/render/${running}/cancel`,
      headers: alice,
    });
    expect(asked.json()).toMatchObject({ status: 'processing', cancelRequested: true });

    const done = await create(alice);
    await complete(done);
    const conflict = await t.app.inject({
      method: 'POST',
      url: `/api/render/${done}/cancel`,
      headers: alice,
    });
    expect({ status: conflict.statusCode, code: conflict.json().code }).toEqual({
      status: 409,
      code: 'CONFLICT',
    });
  });

  it("tells the job's webhook when a cancel ends a queued job (no worker will)", async () => {
    const queued = await create(alice, { webhookUrl: 'https://hooks.example.com/done' });
    const response = await t.app.inject({
      method: 'POST',
      url: `/api/render/${queued}/cancel`,
      headers: alice,
    });
    expect(response.json()).toMatchObject({ status: 'cancelled' });
    const deliveries = await listWebhookDeliveries(t.db, queued);
    expect(deliveries.map((d) => [d.eventId, d.eventType, d.url])).toEqual([
      [`${queued}.cancelled`, 'job.cancelled', 'https://hooks.example.com/done'],
    ]);
    expect(deliveries[0]!.payload).toMatchObject({
      type: 'job.cancelled',
      data: { jobId: queued, status: 'cancelled' },
    });
    expect(t.dispatcher.webhooks).toContain(`${queued}.cancelled`);

    // Asking again, or deleting the job (which cancels it first), sends nothing more.
    await t.app.inject({ method: 'POST', url: `/api/render/${queued}/cancel`, headers: alice });
    const deleting = await create(alice, { webhookUrl: 'https://hooks.example.com/done' });
    await t.app.inject({ method: 'DELETE', url: `/api/render/${deleting}`, headers: alice });
    expect((await listWebhookDeliveries(t.db, queued)).length).toBe(1);
    expect((await listWebhookDeliveries(t.db, deleting)).map((d) => d.eventType)).toEqual([
      'job.cancelled',
    ]);
  });

  it('deletes a job and every object it owns; a queued one is cancelled first', async () => {
    const jobId = await create(alice);
    const key = await complete(jobId);
    expect(await t.storage.stat(key)).not.toBeNull();
    const response = await t.app.inject({
      method: 'DELETE',
      url: `/api/render/${jobId}`,
      headers: alice,
    });
    expect(response.statusCode).toBe(204);
    expect(await t.storage.stat(key)).toBeNull();
    expect((await t.storedKeys()).filter((k) => k.includes(jobId))).toEqual([]);
    expect((await get(`/api/render/${jobId}`, alice)).statusCode).toBe(404);

    const queued = await create(alice);
    expect(
      (await t.app.inject({ method: 'DELETE', url: `/api/render/${queued}`, headers: alice }))
        .statusCode,
    ).toBe(204);
    expect((await get(`/api/render/${queued}`, alice)).statusCode).toBe(404);
  });

  it('deletes a processing job once its worker acknowledges the cancel', async () => {
    const jobId = await create(alice);
    const attemptId = randomUUID();
    await claimJob(t.db, { id: jobId, attemptId, workerId: 'w', leaseSeconds: 60 });
    const pending = t.app.inject({ method: 'DELETE', url: `/api/render/${jobId}`, headers: alice });
    // The worker sees cancelRequested at its next report and releases the job (it ends cancelled).
    await new Promise((resolve) => setTimeout(resolve, 300));
    const report = await updateJobProgress(t.db, {
      id: jobId,
      attemptId,
      leaseSeconds: 60,
      progress: 10,
    });
    expect(report.cancelRequested).toBe(true);
    await failJob(t.db, {
      id: jobId,
      attemptId,
      error: { code: 'CANCELLED', message: 'cancelled' },
    });
    expect((await pending).statusCode).toBe(204);
  });

  describe('download', () => {
    const bytes = Buffer.from('0123456789abcdefghijklmnopqrstuvwxyz');
    let jobId: string;
    beforeAll(async () => {
      jobId = await create(alice);
      await complete(jobId, bytes);
    });

    it('streams the file with its length, type and an attachment name', async () => {
      const response = await get(`/api/render/${jobId}/download`, alice);
      expect(response.statusCode).toBe(200);
      expect(response.rawPayload.equals(bytes)).toBe(true);
      expect(response.headers).toMatchObject({
        'content-type': 'video/mp4',
        'content-length': String(bytes.length),
        'accept-ranges': 'bytes',
        'content-disposition': `attachment; filename="${jobId}.mp4"; filename*=UTF-8''${jobId}.mp4`,
      });
      const status = (await get(`/api/render/${jobId}`, alice)).json();
      expect(status.output).toEqual({
        size: bytes.length,
        duration: 2.5,
        downloadUrl: `http://localhost:80/api/render/${jobId}/download`,
      });
    });

    it.each([
      ['bytes=0-9', 0, 9],
      ['bytes=10-', 10, bytes.length - 1],
      ['bytes=-5', bytes.length - 5, bytes.length - 1],
      ['bytes=30-1000', 30, bytes.length - 1],
    ])('serves %s as 206 with Content-Range', async (range, start, end) => {
      const response = await get(`/api/render/${jobId}/download`, alice, {
        headers: { ...alice, range },
      });
      expect(response.statusCode).toBe(206);
      expect(response.headers['content-range']).toBe(`bytes ${start}-${end}/${bytes.length}`);
      expect(response.rawPayload.equals(bytes.subarray(start, end + 1))).toBe(true);
    });

    it('answers HEAD with the headers and no body', async () => {
      const response = await t.app.inject({
        method: 'HEAD',
        url: `/api/render/${jobId}/download`,
        headers: alice,
      });
      expect(response.statusCode).toBe(200);
      expect(response.headers['content-length']).toBe(String(bytes.length));
      expect(response.rawPayload.length).toBe(0);
    });

    it('answers a range past the end with 416 and the size', async () => {
      const response = await get(`/api/render/${jobId}/download`, alice, {
        headers: { ...alice, range: 'bytes=500-' },
      });
      expect(response.statusCode).toBe(416);
      expect(response.headers['content-range']).toBe(`bytes */${bytes.length}`);
      expect(response.json().code).toBe('RANGE_NOT_SATISFIABLE');
    });

    it('is 409 before the job has completed', async () => {
      const queued = await create(alice);
      const response = await get(`/api/render/${queued}/download`, alice);
      expect({ status: response.statusCode, code: response.json().code }).toEqual({
        status: 409,
        code: 'CONFLICT',
      });
    });
  });

  describe('events (SSE)', () => {
    it('streams the state as it changes and ends on a final state', async () => {
      const jobId = await create(alice);
      const attemptId = randomUUID();
      const stream = get(`/api/render/${jobId}/events`, alice);
      await new Promise((resolve) => setTimeout(resolve, 150));
      await claimJob(t.db, { id: jobId, attemptId, workerId: 'w', leaseSeconds: 60 });
      await new Promise((resolve) => setTimeout(resolve, 150));
      await updateJobProgress(t.db, {
        id: jobId,
        attemptId,
        leaseSeconds: 60,
        progress: 50,
        framesDone: 5,
        framesTotal: 10,
      });
      await new Promise((resolve) => setTimeout(resolve, 150));
      await t.storage.putStream({
        key: `jobs/${jobId}/out.mp4`,
        stream: Readable.from([Buffer.from('x')]),
      });
      await completeJob(t.db, {
        id: jobId,
        attemptId,
        output: { key: `jobs/${jobId}/out.mp4`, sizeBytes: 1, durationSeconds: 1 },
      });
      const response = await stream;
      expect(response.headers['content-type']).toBe('text/event-stream; charset=utf-8');
      const events = response.body
        .split('\n\n')
        .filter((block) => block.includes('event: status'))
        .map(
          (block) =>
            JSON.parse(/^data: (.*)$/m.exec(block)![1]!) as { status: string; progress: number },
        );
      expect(events.map((e) => e.status)).toEqual([
        'queued',
        'processing',
        'processing',
        'completed',
      ]);
      expect(events[2]!.progress).toBe(50);
    });

    it('sends heartbeat comments while nothing changes', async () => {
      const quiet = await createTestApp({ deps: { eventsPollMs: 20, eventsHeartbeatMs: 50 } });
      try {
        const key = (await quiet.newKey()).headers;
        const created = await quiet.app.inject({
          method: 'POST',
          url: '/api/render',
          headers: key,
          payload: { scenario: testScenario(), videoUrl: VIDEO_URL },
        });
        const id = created.json<{ jobId: string }>().jobId;
        const stream = quiet.app.inject({
          method: 'GET',
          url: `/api/render/${id}/events`,
          headers: key,
        });
        await new Promise((resolve) => setTimeout(resolve, 300));
        await quiet.app.inject({ method: 'POST', url: `/api/render/${id}/cancel`, headers: key });
        const body = (await stream).body;
        expect(body).toContain(': keep-alive');
        expect(body).toContain('"status":"cancelled"');
      } finally {
        await quiet.close();
      }
    });
  });
});
