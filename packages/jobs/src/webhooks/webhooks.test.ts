import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  cancelJob,
  claimJob,
  completeJob,
  createJob,
  failJob,
  getJob as getJobInScope,
  listWebhookDeliveries,
  migrate,
  openDatabase,
  updateJobProgress,
  type Db,
  type Job,
} from '@ecg-render/db';
import { createInProcessDispatcher } from '../queue/create-in-process-dispatcher.js';
import { deliverWebhook } from './deliver-webhook.js';
import { createProgressEventThrottle } from './progress-event-throttle.js';
import { recordJobEvent } from './record-job-event.js';
import { signWebhook } from './sign-webhook.js';
import { verifyWebhook } from './verify-webhook.js';
import { webhookRetryDelaySeconds } from './webhook-retry-delay-seconds.js';

const SECRET = `whsec_${Buffer.from('a-secret-of-at-least-24-bytes!!').toString('base64')}`;

describe('signWebhook / verifyWebhook', () => {
  const body = JSON.stringify({ type: 'job.completed', data: { jobId: 'x' } });

  it('signs id.timestamp.body with HMAC-SHA256 (Standard Webhooks test vector)', () => {
    // The example from the Standard Webhooks specification's reference libraries.
    const headers = signWebhook({
      secret: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw',
      id: 'msg_p5jXN8AQM9LWM0D4loKWxJek',
      timestamp: 1614265330,
      body: '{"test": 2432232314}',
    });
    expect(headers).toEqual({
      'webhook-id': 'msg_p5jXN8AQM9LWM0D4loKWxJek',
      'webhook-timestamp': '1614265330',
      'webhook-signature': 'v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=',
    });
  });

  it('verifies with either secret form, and refuses tampering, wrong secrets and old timestamps', () => {
    const now = 1_700_000_000;
    const headers = signWebhook({ secret: SECRET, id: 'evt_1', timestamp: now, body });
    expect(verifyWebhook({ secret: SECRET, headers, body, now })).toBe(true);
    const raw = 'a raw secret string that is at least 32 characters';
    const rawHeaders = signWebhook({ secret: raw, id: 'evt_1', timestamp: now, body });
    expect(verifyWebhook({ secret: raw, headers: rawHeaders, body, now })).toBe(true);
    expect(verifyWebhook({ secret: SECRET, headers, body: `${body} `, now })).toBe(false);
    expect(verifyWebhook({ secret: raw, headers, body, now })).toBe(false);
    expect(verifyWebhook({ secret: SECRET, headers, body, now: now + 301 })).toBe(false);
    const rotated = { ...headers, 'webhook-signature': `v1,AAAA ${headers['webhook-signature']}` };
    expect(verifyWebhook({ secret: SECRET, headers: rotated, body, now })).toBe(true);
  });
});

describe('webhookRetryDelaySeconds', () => {
  it('doubles from 5 s and stops at an hour', () => {
    const exact = (attempt: number) => webhookRetryDelaySeconds({ attempt, random: () => 0 });
    expect([1, 2, 3, 4, 10, 11, 30].map(exact)).toEqual([5, 10, 20, 40, 2560, 3600, 3600]);
    expect(webhookRetryDelaySeconds({ attempt: 1, random: () => 1 })).toBe(4);
  });
});

describe('job events and deliveries', () => {
  let db: Db;
  let server: Server;
  let receiverUrl: string;
  const received: { url: string; headers: IncomingHttpHeaders; body: string }[] = [];
  let answers: number[] = [];

  beforeAll(async () => {
    db = await openDatabase({ pglite: 'memory' });
    await migrate(db);
    server = createServer((req, res) => {
      let body = '';
      req.on('data', (chunk: Buffer) => (body += chunk.toString()));
      req.on('end', () => {
        received.push({ url: req.url ?? '', headers: req.headers, body });
        res.writeHead(answers.shift() ?? 200);
        res.end('ok');
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    receiverUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
  });
  afterAll(async () => {
    await new Promise((resolve) => server.close(resolve));
    await db.close();
  });

  const givenJob = async (style: 'ecg' | 'standard', url = receiverUrl): Promise<Job> =>
    (
      await createJob(db, {
        apiKeyId: null,
        source: { kind: 'url', url: 'https://media.example.com/a.mp4' },
        scenario: { kind: 'inline', scenario: { version: '2.0' } },
        webhookUrl: url,
        callbackStyle: style,
        externalId: style === 'ecg' ? `ecg-${Math.random().toString(36).slice(2)}` : null,
      })
    ).job;

  const claimed = async (job: Job) => {
    const attemptId = `a-${Math.random().toString(36).slice(2)}`;
    await claimJob(db, { id: job.id, attemptId, workerId: 'w', leaseSeconds: 60 });
    return attemptId;
  };

  it('sends the ECG backend exactly its snake_case callbacks', async () => {
    const dispatcher = createInProcessDispatcher();
    const job = await givenJob('ecg');
    const attemptId = await claimed(job);
    await updateJobProgress(db, {
      id: job.id,
      attemptId,
      leaseSeconds: 60,
      progress: 42.7,
      etaSeconds: 12.4,
    });
    const throttle = createProgressEventThrottle();
    const progressing = (await getJob(db, job.id))!;
    const progress = await recordJobEvent({
      sql: db,
      dispatcher,
      job: progressing,
      type: 'progress',
      throttle,
    });
    // A second update within 2 s, or without a move, is not sent.
    expect(
      await recordJobEvent({ sql: db, dispatcher, job: progressing, type: 'progress', throttle }),
    ).toBeNull();
    await completeJob(db, {
      id: job.id,
      attemptId,
      output: { key: 'jobs/x/output/a.mp4', sizeBytes: 12345, durationSeconds: 3.5 },
    });
    const done = (await getJob(db, job.id))!;
    await recordJobEvent({
      sql: db,
      dispatcher,
      job: done,
      type: 'completed',
      downloadUrl: 'https://cdn.example.com/out.mp4',
    });
    // The same event twice is recorded once.
    const again = await recordJobEvent({
      sql: db,
      dispatcher,
      job: done,
      type: 'completed',
      downloadUrl: 'x',
    });
    expect(again).toMatchObject({ created: false });

    const deliveries = await listWebhookDeliveries(db, job.id);
    expect(deliveries.map((d) => d.eventId)).toEqual([progress!.eventId, `${job.id}.completed`]);
    expect(deliveries[0]!.payload).toStrictEqual({
      job_id: job.externalId,
      status: 'processing',
      progress: 42,
      estimated_time_remaining: 12,
    });
    expect(deliveries[1]!.payload).toStrictEqual({
      job_id: job.externalId,
      status: 'completed',
      progress: 100,
      download_url: 'https://cdn.example.com/out.mp4',
      file_size: 12345,
      duration: 3.5,
    });

    const failing = await givenJob('ecg');
    const failingAttempt = await claimed(failing);
    await failJob(db, {
      id: failing.id,
      attemptId: failingAttempt,
      error: { code: 'UNSUPPORTED_MEDIA', message: 'No video stream' },
    });
    await recordJobEvent({
      sql: db,
      dispatcher,
      job: (await getJob(db, failing.id))!,
      type: 'failed',
    });
    expect((await listWebhookDeliveries(db, failing.id))[0]!.payload).toStrictEqual({
      job_id: failing.externalId,
      status: 'failed',
      error_message: 'No video stream',
      error_code: 'UNSUPPORTED_MEDIA',
    });

    const cancelled = await cancelJob(db, {
      id: (await givenJob('ecg')).id,
      scope: { kind: 'all' },
    });
    await recordJobEvent({ sql: db, dispatcher, job: cancelled, type: 'cancelled' });
    expect((await listWebhookDeliveries(db, cancelled.id))[0]!.payload).toStrictEqual({
      job_id: cancelled.externalId,
      status: 'cancelled',
    });
    expect((await dispatcher.counts()).webhook.waiting).toBe(4);
    await dispatcher.close();
  });

  it('sends standard events { type, id, timestamp, data } signed, and they verify', async () => {
    const dispatcher = createInProcessDispatcher();
    const job = await givenJob('standard');
    const attemptId = await claimed(job);
    await completeJob(db, {
      id: job.id,
      attemptId,
      output: { key: 'k.mp4', sizeBytes: 10, durationSeconds: 1 },
    });
    const event = await recordJobEvent({
      sql: db,
      dispatcher,
      job: (await getJob(db, job.id))!,
      type: 'completed',
      downloadUrl: '/api/render/x/download',
    });
    const before = received.length;
    const result = await deliverWebhook({
      sql: db,
      deliveryId: event!.eventId,
      secret: SECRET,
      policy: { allowAddresses: ['127.0.0.1'] },
    });
    expect(result).toEqual({ kind: 'delivered', status: 200 });
    const request = received[before]!;
    expect(verifyWebhook({ secret: SECRET, headers: request.headers, body: request.body })).toBe(
      true,
    );
    expect(request.headers['webhook-id']).toBe(`${job.id}.completed`);
    const sent = JSON.parse(request.body) as Record<string, unknown>;
    expect(sent).toMatchObject({
      type: 'job.completed',
      id: `${job.id}.completed`,
      data: {
        jobId: job.id,
        status: 'completed',
        progress: 100,
        downloadUrl: '/api/render/x/download',
        fileSize: 10,
        durationSeconds: 1,
      },
    });
    expect(new Date(sent['timestamp'] as string).getTime()).toBeGreaterThan(Date.now() - 60_000);
    // Delivered is final: a duplicate queue message sends nothing.
    expect(await deliverWebhook({ sql: db, deliveryId: event!.eventId, secret: SECRET })).toEqual({
      kind: 'skipped',
    });
    await dispatcher.close();
  });

  it('retries failures with growing backoff, then gives up and records it', async () => {
    const dispatcher = createInProcessDispatcher();
    const job = await givenJob('standard');
    const cancelled = await cancelJob(db, { id: job.id, scope: { kind: 'all' } });
    const event = await recordJobEvent({ sql: db, dispatcher, job: cancelled, type: 'cancelled' });
    answers = [500, 503, 502];
    const policy = { allowAddresses: ['127.0.0.1'] };
    const send = () =>
      deliverWebhook({
        sql: db,
        deliveryId: event!.eventId,
        secret: SECRET,
        policy,
        maxAttempts: 3,
      });
    const first = await send();
    const second = await send();
    const third = await send();
    expect(first).toMatchObject({ kind: 'retry', error: 'The receiver answered 500' });
    expect(second).toMatchObject({ kind: 'retry' });
    if (first.kind !== 'retry' || second.kind !== 'retry') throw new Error('expected retries');
    expect(first.retryInSeconds).toBeGreaterThanOrEqual(4);
    expect(first.retryInSeconds).toBeLessThanOrEqual(5);
    expect(second.retryInSeconds).toBeGreaterThanOrEqual(8);
    expect(third).toMatchObject({ kind: 'abandoned' });
    const [delivery] = await listWebhookDeliveries(db, job.id);
    expect(delivery).toMatchObject({ attempts: 3, lastStatus: 502 });
    expect(delivery!.abandonedAt).not.toBeNull();
    // Every attempt carried the same event id, each freshly signed.
    const ids = received.slice(-3).map((r) => r.headers['webhook-id']);
    expect(ids).toEqual([event!.eventId, event!.eventId, event!.eventId]);
    await dispatcher.close();
  });

  it('refuses receivers at private addresses, like video URLs, and abandons at once', async () => {
    const dispatcher = createInProcessDispatcher();
    for (const url of [receiverUrl, 'http://169.254.169.254/hook', 'http://10.0.0.8/hook']) {
      const job = await givenJob('standard', url);
      const cancelled = await cancelJob(db, { id: job.id, scope: { kind: 'all' } });
      const event = await recordJobEvent({
        sql: db,
        dispatcher,
        job: cancelled,
        type: 'cancelled',
      });
      const before = received.length;
      const result = await deliverWebhook({ sql: db, deliveryId: event!.eventId, secret: SECRET });
      expect(result, url).toMatchObject({
        kind: 'abandoned',
        error: expect.stringContaining('URL_NOT_ALLOWED'),
      });
      expect(received.length).toBe(before);
    }
    await dispatcher.close();
  });
});

function getJob(db: Db, id: string): Promise<Job | null> {
  return getJobInScope(db, { id, scope: { kind: 'all' } });
}
