import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  cancelJob,
  claimJob,
  claimSegment,
  completeJob,
  completeSegment,
  createJob,
  createSegments,
  enqueueWebhookDelivery,
  failJob,
  failSegment,
  getJob,
  listSegments,
  listWebhookDeliveries,
  type Db,
  type Job,
} from '@ecg-render/db';
import type { RuntimeDispatcher } from '@ecg-render/jobs';
import { createTestRuntime, type TestRuntime } from '../test/test-runtime.js';
import type { WorkerRuntime } from '../worker-runtime.js';
import { reconcileOnce } from './reconcile-once.js';

describe('reconcileOnce', () => {
  let db: Db;
  let dispatcher: RuntimeDispatcher;
  let rt: WorkerRuntime;
  let t: TestRuntime;

  beforeAll(async () => {
    t = await createTestRuntime({
      workerId: 'reconciler',
      timing: { staleAfterSeconds: 30, queuedGraceSeconds: 60 },
    });
    ({ rt, db, dispatcher } = t);
  });
  afterAll(() => t.close());

  const newJob = async (): Promise<Job> =>
    (
      await createJob(db, {
        apiKeyId: null,
        source: { kind: 'upload', key: 'uploads/x.mp4' },
        scenario: { kind: 'inline', scenario: { version: '2.0' } },
        webhookUrl: 'https://hooks.example.com/x',
      })
    ).job;
  const claimed = async (job: Job) => {
    const attemptId = randomUUID();
    await claimJob(db, { id: job.id, attemptId, workerId: 'dead-worker', leaseSeconds: 30 });
    return attemptId;
  };
  /** As if the holder went silent a minute ago. */
  const silence = (id: string) =>
    db.query(
      `UPDATE jobs SET heartbeat_at = now() - interval '60 seconds', lease_expires_at = now() - interval '30 seconds' WHERE id = $1`,
      [id],
    );
  const age = (id: string) =>
    db.query(`UPDATE jobs SET queued_at = now() - interval '10 minutes' WHERE id = $1`, [id]);
  const current = async (id: string) => (await getJob(db, { id, scope: { kind: 'all' } }))!;

  it('sends a dead worker’s job back to the queue, and fails it after too many attempts', async () => {
    const job = await newJob();
    await claimed(job);
    await silence(job.id);
    const report = await reconcileOnce(rt);
    expect(report.released).toEqual([job.id]);
    expect(await current(job.id)).toMatchObject({
      state: 'queued',
      attemptId: null,
      errorCode: 'WORKER_LOST',
    });

    // Two more claims whose workers also die: the third silence fails it.
    for (let i = 0; i < 2; i += 1) {
      await claimed(await current(job.id));
      await silence(job.id);
      await reconcileOnce(rt);
    }
    const failed = await current(job.id);
    expect(failed).toMatchObject({ state: 'failed', attempts: 3, errorCode: 'WORKER_LOST' });
    const { rows } = await db.query<{ event_id: string }>(
      'SELECT event_id FROM webhook_deliveries WHERE job_id = $1',
      [job.id],
    );
    expect(rows.map((r) => r.event_id)).toEqual([`${job.id}.failed`]);
  });

  it("ends a dead worker's job cancelled, and says so, when a cancel was pending at the last attempt", async () => {
    const job = await newJob();
    await claimed(job);
    await db.query('UPDATE jobs SET attempts = $2 WHERE id = $1', [
      job.id,
      rt.timing.maxJobAttempts,
    ]);
    await cancelJob(db, { id: job.id, scope: { kind: 'all' } });
    await silence(job.id);
    await reconcileOnce(rt);
    expect(await current(job.id)).toMatchObject({ state: 'cancelled', errorCode: null });
    const deliveries = await listWebhookDeliveries(db, job.id);
    expect(deliveries.map((d) => [d.eventId, d.eventType])).toEqual([
      [`${job.id}.cancelled`, 'job.cancelled'],
    ]);
    expect(deliveries[0]!.payload).toMatchObject({ data: { status: 'cancelled' } });
  });

  it('keeps a segmented job alive while its segments wait, re-enqueues them, then the join', async () => {
    const job = await newJob();
    const attemptId = await claimed(job);
    await createSegments(db, {
      jobId: job.id,
      ranges: [
        { frameStart: 0, frameEnd: 10 },
        { frameStart: 10, frameEnd: 20 },
      ],
    });
    await silence(job.id);
    const before = (await dispatcher.counts())['render-segment'].waiting;
    const report = await reconcileOnce(rt);
    expect(report.segmentsRequeued).toEqual([`${job.id}.0`, `${job.id}.1`]);
    expect((await dispatcher.counts())['render-segment'].waiting).toBe(before + 2);
    // Renewed on the segments' behalf, not released: the plan's attempt still holds it.
    expect(await current(job.id)).toMatchObject({ state: 'processing', attemptId });

    for (const index of [0, 1]) {
      const segmentAttempt = randomUUID();
      await claimSegment(db, {
        jobId: job.id,
        index,
        attemptId: segmentAttempt,
        workerId: 'w',
        leaseSeconds: 30,
      });
      await completeSegment(db, {
        jobId: job.id,
        index,
        attemptId: segmentAttempt,
        outputKey: `s${index}`,
      });
    }
    await silence(job.id);
    expect((await reconcileOnce(rt)).joinsRequeued).toEqual([job.id]);
    expect((await listSegments(db, job.id)).every((s) => s.state === 'completed')).toBe(true);
  });

  it('fails a segmented job whose segment failed when the job itself was never failed', async () => {
    const job = await newJob();
    const attemptId = await claimed(job);
    await createSegments(db, {
      jobId: job.id,
      ranges: [
        { frameStart: 0, frameEnd: 10 },
        { frameStart: 10, frameEnd: 20 },
      ],
    });
    // settleFailure's failSegment went through, its failJob did not (the database went away).
    const segmentAttempt = randomUUID();
    await claimSegment(db, {
      jobId: job.id,
      index: 1,
      attemptId: segmentAttempt,
      workerId: 'w',
      leaseSeconds: 30,
    });
    await failSegment(db, {
      jobId: job.id,
      index: 1,
      attemptId: segmentAttempt,
      error: { code: 'FFMPEG_FAILED', message: 'the encoder crashed' },
    });
    await silence(job.id);
    const report = await reconcileOnce(rt);
    expect(report.failed).toEqual([job.id]);
    expect(report.segmentsRequeued).toEqual([]);
    expect(await current(job.id)).toMatchObject({
      state: 'failed',
      attemptId,
      errorCode: 'FFMPEG_FAILED',
      errorMessage: 'the encoder crashed',
    });
    expect((await listWebhookDeliveries(db, job.id)).map((d) => d.eventType)).toEqual([
      'job.failed',
    ]);
  });

  it('enqueues queued jobs the queue may have lost, and due webhook deliveries', async () => {
    const job = await newJob();
    await age(job.id);
    await enqueueWebhookDelivery(db, {
      eventId: 'evt-due',
      jobId: job.id,
      url: 'https://hooks.example.com/x',
      eventType: 'job.progress',
      payload: {},
    });
    const report = await reconcileOnce(rt);
    expect(report.requeued).toContain(job.id);
    expect(report.webhooksRequeued).toBeGreaterThanOrEqual(1);
  });

  it('reaches every queued job of a backlog larger than a page, and resumes a pass cut short', async () => {
    const backlog: string[] = [];
    for (let i = 0; i < 150; i += 1) backlog.push((await newJob()).id);
    await db.query(
      `UPDATE jobs SET queued_at = now() - interval '10 minutes' WHERE id = ANY($1::uuid[])`,
      [backlog],
    );
    expect((await reconcileOnce(rt)).requeued).toEqual(expect.arrayContaining(backlog));

    // A pass limited to 100 rows stops there; the next pass goes on from that row.
    const cursors = { stale: null, queued: null, ended: null };
    const first = await reconcileOnce(rt, { cursors, pageSize: 40, maxRowsPerScan: 100 });
    expect(first.requeued.length).toBe(100);
    expect(cursors.queued).not.toBeNull();
    const second = await reconcileOnce(rt, { cursors, pageSize: 40, maxRowsPerScan: 100 });
    expect(second.requeued.filter((id) => first.requeued.includes(id))).toEqual([]);
    expect([...first.requeued, ...second.requeued]).toEqual(expect.arrayContaining(backlog));
  });

  it('records the ending event a finished job never got, once, timed when it ended', async () => {
    // Each ended by its attempt, whose write of the event then failed (the database went away).
    const completed = await newJob();
    const completer = await claimed(completed);
    const output = {
      key: `jobs/${completed.id}/output/${completer}.mp4`,
      sizeBytes: 5,
      durationSeconds: 2,
    };
    expect(await completeJob(db, { id: completed.id, attemptId: completer, output })).toBe(true);
    const failed = await newJob();
    const failer = await claimed(failed);
    const error = { code: 'FFMPEG_FAILED', message: 'the encoder crashed' };
    expect(await failJob(db, { id: failed.id, attemptId: failer, error })).toBe(true);
    const recent = await newJob();
    await failJob(db, { id: recent.id, attemptId: await claimed(recent), error });
    await db.query(
      `UPDATE jobs SET finished_at = now() - interval '5 minutes' WHERE id = ANY($1::uuid[])`,
      [[completed.id, failed.id]],
    );

    const report = await reconcileOnce(rt);
    expect(report.endingsRecorded.sort()).toEqual([completed.id, failed.id].sort());
    const [done] = await listWebhookDeliveries(db, completed.id);
    expect(done).toMatchObject({
      eventId: `${completed.id}.completed`,
      eventType: 'job.completed',
    });
    expect(done!.payload).toMatchObject({
      timestamp: (await current(completed.id)).finishedAt!.toISOString(),
      data: {
        status: 'completed',
        downloadUrl: `/api/render/${completed.id}/download`,
        fileSize: 5,
      },
    });
    expect((await listWebhookDeliveries(db, failed.id)).map((d) => d.payload)).toMatchObject([
      { type: 'job.failed', data: { error } },
    ]);
    // Ended seconds ago: its own attempt may be recording it right now.
    expect(await listWebhookDeliveries(db, recent.id)).toEqual([]);

    expect((await reconcileOnce(rt)).endingsRecorded).toEqual([]);
    expect((await listWebhookDeliveries(db, completed.id)).length).toBe(1);
  });
});
