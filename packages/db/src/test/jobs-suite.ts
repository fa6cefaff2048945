import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { cancelJob } from '../jobs/cancel-job.js';
import { claimJob } from '../jobs/claim-job.js';
import { completeJob } from '../jobs/complete-job.js';
import { countJobsByState } from '../jobs/count-jobs-by-state.js';
import { createJob } from '../jobs/create-job.js';
import { deleteJob } from '../jobs/delete-job.js';
import { failJob } from '../jobs/fail-job.js';
import { findEndedJobsWithoutEvent } from '../jobs/find-ended-jobs-without-event.js';
import { findQueuedJobs } from '../jobs/find-queued-jobs.js';
import { findStaleJobs } from '../jobs/find-stale-jobs.js';
import { getJob } from '../jobs/get-job.js';
import { heartbeatJob } from '../jobs/heartbeat-job.js';
import { listJobs } from '../jobs/list-jobs.js';
import { releaseJob } from '../jobs/release-job.js';
import { updateJobProgress } from '../jobs/update-job-progress.js';
import { enqueueWebhookDelivery } from '../webhooks/enqueue-webhook-delivery.js';
import { createSegments } from '../segments/create-segments.js';
import { listSegments } from '../segments/list-segments.js';
import {
  ALL,
  ageHeartbeat,
  givenApiKey,
  givenJob,
  givenProcessingJob,
  jobInput,
  sleep,
} from './builders.js';
import type { TestDatabase } from './test-backend.js';

const OUTPUT = { key: 'outputs/a.mp4', sizeBytes: 5_000_000_000, durationSeconds: 90 };

/** The jobs repository, the same on every backend. */
export function jobsSuite(t: () => TestDatabase): void {
  describe('jobs: create and read', () => {
    it('creates a queued job and reads it back exactly, JSON arrays included', async () => {
      const { db } = t();
      const input = jobInput({ webhookUrl: 'https://hooks.example.com/x', callbackStyle: 'ecg' });
      const { job, created } = await createJob(db, input);
      expect(created).toBe(true);
      expect(job).toMatchObject({
        apiKeyId: null,
        state: 'queued',
        progress: 0,
        source: input.source,
        scenario: input.scenario,
        options: input.options,
        webhookUrl: 'https://hooks.example.com/x',
        callbackStyle: 'ecg',
        attempts: 0,
        attemptId: null,
        cancelRequested: false,
        output: null,
      });
      expect(job.createdAt).toBeInstanceOf(Date);
      expect(await getJob(db, { id: job.id, scope: ALL })).toEqual(job);
    });

    it('stores a scenario by storage key instead of inline', async () => {
      const job = await givenJob(t().db, {
        scenario: { kind: 'stored', key: 'scenarios/big.json' },
      });
      expect(job.scenario).toEqual({ kind: 'stored', key: 'scenarios/big.json' });
    });

    it('a key sees only its own jobs; another key gets "not found"', async () => {
      const { db } = t();
      const a = await givenApiKey(db);
      const b = await givenApiKey(db);
      const job = await givenJob(db, { apiKeyId: a.id });
      expect((await getJob(db, { id: job.id, scope: a.scope }))?.id).toBe(job.id);
      expect(await getJob(db, { id: job.id, scope: b.scope })).toBeNull();
      const keyless = await givenJob(db);
      expect(await getJob(db, { id: keyless.id, scope: a.scope })).toBeNull();
      expect(await getJob(db, { id: randomUUID(), scope: ALL })).toBeNull();
    });
  });

  describe('jobs: idempotent creation', () => {
    it('the same idempotency key and request returns the existing job', async () => {
      const { db } = t();
      const key = await givenApiKey(db);
      const input = jobInput({ apiKeyId: key.id, idempotencyKey: 'idem-1' });
      const first = await createJob(db, input);
      // Key order must not matter to "the same request".
      const reordered = {
        ...input,
        options: { crf: [18, 23], fps: 30, height: 1080, width: 1920 },
      };
      const second = await createJob(db, reordered);
      expect(second).toEqual({ job: first.job, created: false });
    });

    it('the same idempotency key with a different request is a CONFLICT', async () => {
      const { db } = t();
      const key = await givenApiKey(db);
      await createJob(db, jobInput({ apiKeyId: key.id, idempotencyKey: 'idem-2' }));
      await expect(
        createJob(
          db,
          jobInput({ apiKeyId: key.id, idempotencyKey: 'idem-2', options: { fps: 60 } }),
        ),
      ).rejects.toMatchObject({ code: 'CONFLICT', details: { field: 'idempotencyKey' } });
    });

    it('idempotency keys and external ids are per API key', async () => {
      const { db } = t();
      const a = await givenApiKey(db);
      const b = await givenApiKey(db);
      const one = await createJob(
        db,
        jobInput({ apiKeyId: a.id, idempotencyKey: 'k', externalId: 'e' }),
      );
      const two = await createJob(
        db,
        jobInput({ apiKeyId: b.id, idempotencyKey: 'k', externalId: 'e' }),
      );
      expect(two.created).toBe(true);
      expect(two.job.id).not.toBe(one.job.id);
    });

    it('an external id (the ECG jobId) is unique per key: a retry returns the job, a different request conflicts', async () => {
      const { db } = t();
      const key = await givenApiKey(db);
      const input = jobInput({ apiKeyId: key.id, externalId: 'ecg-42', callbackStyle: 'ecg' });
      const first = await createJob(db, input);
      expect((await createJob(db, input)).job.id).toBe(first.job.id);
      await expect(
        createJob(db, {
          ...input,
          source: { kind: 'url', url: 'https://other.example.com/v.mp4' },
        }),
      ).rejects.toMatchObject({ code: 'CONFLICT', details: { field: 'externalId' } });
    });

    it('works without an API key too (standalone)', async () => {
      const { db } = t();
      const input = jobInput({ idempotencyKey: `anon-${randomUUID()}` });
      const first = await createJob(db, input);
      expect(await createJob(db, input)).toEqual({ job: first.job, created: false });
    });

    it('the caller can choose the id; a taken id is a CONFLICT', async () => {
      const { db } = t();
      const id = randomUUID();
      expect((await givenJob(db, { id })).id).toBe(id);
      await expect(givenJob(db, { id })).rejects.toMatchObject({ code: 'CONFLICT' });
    });
  });

  describe('jobs: listing', () => {
    it('pages newest first with a stable cursor, filtered by state, scoped by key', async () => {
      const { db } = t();
      const key = await givenApiKey(db);
      const other = await givenApiKey(db);
      const ids: string[] = [];
      for (let i = 0; i < 7; i++) ids.push((await givenJob(db, { apiKeyId: key.id })).id);
      await givenJob(db, { apiKeyId: other.id });
      const newestFirst = [...ids].reverse();

      const page1 = await listJobs(db, { scope: key.scope, limit: 3 });
      expect(page1.jobs.map((j) => j.id)).toEqual(newestFirst.slice(0, 3));
      // A job created between pages must not shift the next page.
      await givenJob(db, { apiKeyId: key.id });
      const page2 = await listJobs(db, { scope: key.scope, limit: 3, cursor: page1.nextCursor });
      expect(page2.jobs.map((j) => j.id)).toEqual(newestFirst.slice(3, 6));
      const page3 = await listJobs(db, { scope: key.scope, limit: 3, cursor: page2.nextCursor });
      expect(page3.jobs.map((j) => j.id)).toEqual(newestFirst.slice(6));
      expect(page3.nextCursor).toBeNull();

      await cancelJob(db, { id: ids[2]!, scope: key.scope });
      const cancelled = await listJobs(db, { scope: key.scope, states: ['cancelled'] });
      expect(cancelled.jobs.map((j) => j.id)).toEqual([ids[2]]);
    });

    it('refuses a cursor it did not make', async () => {
      await expect(listJobs(t().db, { scope: ALL, cursor: 'bm9wZQ' })).rejects.toMatchObject({
        code: 'INVALID_REQUEST',
      });
    });
  });

  describe('jobs: attempts, progress and conditional completion', () => {
    it('claim makes one attempt current; a second claim under a live lease gets nothing', async () => {
      const { db } = t();
      const job = await givenJob(db);
      const claimed = await claimJob(db, {
        id: job.id,
        attemptId: 'a1',
        workerId: 'w1',
        leaseSeconds: 60,
      });
      expect(claimed).toMatchObject({
        state: 'processing',
        attemptId: 'a1',
        attempts: 1,
        workerId: 'w1',
      });
      expect(claimed?.startedAt).toBeInstanceOf(Date);
      expect(claimed!.leaseExpiresAt!.getTime()).toBeGreaterThan(claimed!.heartbeatAt!.getTime());
      expect(
        await claimJob(db, { id: job.id, attemptId: 'a2', workerId: 'w2', leaseSeconds: 60 }),
      ).toBeNull();
    });

    it('after the lease expires another attempt takes over, and the old one can no longer write', async () => {
      const { db } = t();
      const job = await givenJob(db);
      await claimJob(db, { id: job.id, attemptId: 'old', workerId: 'w1', leaseSeconds: 0 });
      await sleep(5);
      const taken = await claimJob(db, {
        id: job.id,
        attemptId: 'new',
        workerId: 'w2',
        leaseSeconds: 60,
      });
      expect(taken).toMatchObject({ attemptId: 'new', attempts: 2, workerId: 'w2' });
      expect(
        await updateJobProgress(db, {
          id: job.id,
          attemptId: 'old',
          leaseSeconds: 60,
          progress: 50,
        }),
      ).toEqual({
        accepted: false,
        cancelRequested: false,
      });
      expect(await completeJob(db, { id: job.id, attemptId: 'old', output: OUTPUT })).toBe(false);
      expect(await completeJob(db, { id: job.id, attemptId: 'new', output: OUTPUT })).toBe(true);
    });

    it('records progress from the current attempt, clamped to 0-100, and renews the lease', async () => {
      const { db } = t();
      const { job, attemptId } = await givenProcessingJob(db);
      await sleep(5);
      const result = await updateJobProgress(db, {
        id: job.id,
        attemptId,
        leaseSeconds: 120,
        progress: 40.5,
        fps: 55.2,
        etaSeconds: 12,
        framesDone: 729,
        framesTotal: 1800,
      });
      expect(result).toEqual({ accepted: true, cancelRequested: false });
      const after = await getJob(db, { id: job.id, scope: ALL });
      expect(after).toMatchObject({
        progress: 40.5,
        fps: 55.2,
        etaSeconds: 12,
        framesDone: 729,
        framesTotal: 1800,
      });
      expect(after!.heartbeatAt!.getTime()).toBeGreaterThan(job.heartbeatAt!.getTime());

      await updateJobProgress(db, { id: job.id, attemptId, leaseSeconds: 60, progress: 250 });
      expect((await getJob(db, { id: job.id, scope: ALL }))?.progress).toBe(100);
      // A bare heartbeat keeps the progress fields.
      await heartbeatJob(db, { id: job.id, attemptId, leaseSeconds: 60 });
      expect(await getJob(db, { id: job.id, scope: ALL })).toMatchObject({
        progress: 100,
        fps: 55.2,
      });
    });

    it('completion publishes the output once; later writes never move the finished job', async () => {
      const { db } = t();
      const { job, attemptId } = await givenProcessingJob(db);
      expect(await completeJob(db, { id: job.id, attemptId, output: OUTPUT })).toBe(true);
      const done = await getJob(db, { id: job.id, scope: ALL });
      expect(done).toMatchObject({
        state: 'completed',
        progress: 100,
        output: OUTPUT,
        leaseExpiresAt: null,
      });
      expect(done?.finishedAt).toBeInstanceOf(Date);

      expect(
        await completeJob(db, { id: job.id, attemptId, output: { ...OUTPUT, key: 'x' } }),
      ).toBe(false);
      expect(
        await failJob(db, {
          id: job.id,
          attemptId,
          error: { code: 'FFMPEG_FAILED', message: 'late' },
        }),
      ).toBe(false);
      expect(
        await failJob(db, { id: job.id, attemptId: null, error: { code: 'X', message: 'late' } }),
      ).toBe(false);
      expect(await releaseJob(db, { id: job.id, attemptId })).toBeNull();
      expect(
        (await updateJobProgress(db, { id: job.id, attemptId, leaseSeconds: 60, progress: 3 }))
          .accepted,
      ).toBe(false);
      expect(
        await claimJob(db, { id: job.id, attemptId: 'again', workerId: 'w', leaseSeconds: 0 }),
      ).toBeNull();
      expect(await getJob(db, { id: job.id, scope: ALL })).toEqual(done);
    });

    it('a job cannot complete without having been claimed', async () => {
      const { db } = t();
      const job = await givenJob(db);
      expect(
        await completeJob(db, { id: job.id, attemptId: 'never-claimed', output: OUTPUT }),
      ).toBe(false);
      expect((await getJob(db, { id: job.id, scope: ALL }))?.state).toBe('queued');
    });

    it('fails with the code and message users see; a queued job can be failed without an attempt', async () => {
      const { db } = t();
      const { job, attemptId } = await givenProcessingJob(db);
      expect(
        await failJob(db, { id: job.id, attemptId: 'other', error: { code: 'X', message: 'x' } }),
      ).toBe(false);
      expect(
        await failJob(db, {
          id: job.id,
          attemptId,
          error: { code: 'UNSUPPORTED_MEDIA', message: 'Not a video' },
        }),
      ).toBe(true);
      expect(await getJob(db, { id: job.id, scope: ALL })).toMatchObject({
        state: 'failed',
        errorCode: 'UNSUPPORTED_MEDIA',
        errorMessage: 'Not a video',
        output: null,
      });

      const queued = await givenJob(db);
      expect(
        await failJob(db, {
          id: queued.id,
          attemptId: null,
          error: { code: 'URL_NOT_ALLOWED', message: 'no' },
        }),
      ).toBe(true);
      expect((await getJob(db, { id: queued.id, scope: ALL }))?.state).toBe('failed');
    });

    it('release queues the job again, with the reason, and cuts the released attempt off', async () => {
      const { db } = t();
      const { job, attemptId } = await givenProcessingJob(db);
      await updateJobProgress(db, {
        id: job.id,
        attemptId,
        leaseSeconds: 60,
        progress: 30,
        fps: 40,
      });
      expect(
        await releaseJob(db, {
          id: job.id,
          attemptId,
          reason: { code: 'BROWSER_CRASHED', message: 'retrying' },
        }),
      ).toBe('queued');
      expect(await getJob(db, { id: job.id, scope: ALL })).toMatchObject({
        state: 'queued',
        attemptId: null,
        workerId: null,
        progress: 0,
        fps: null,
        errorCode: 'BROWSER_CRASHED',
      });
      expect(await completeJob(db, { id: job.id, attemptId, output: OUTPUT })).toBe(false);
      const next = await claimJob(db, {
        id: job.id,
        attemptId: 'retry',
        workerId: 'w2',
        leaseSeconds: 60,
      });
      expect(next).toMatchObject({ attempts: 2, errorCode: null, errorMessage: null });
    });
  });

  describe('jobs: cancel and delete', () => {
    it('a queued job is cancelled at once; cancelling again is harmless', async () => {
      const { db } = t();
      const job = await givenJob(db);
      const cancelled = await cancelJob(db, { id: job.id, scope: ALL });
      expect(cancelled).toMatchObject({ state: 'cancelled', cancelRequested: false });
      expect(cancelled.finishedAt).toBeInstanceOf(Date);
      expect(await cancelJob(db, { id: job.id, scope: ALL })).toEqual(cancelled);
      expect(
        await claimJob(db, { id: job.id, attemptId: 'a', workerId: 'w', leaseSeconds: 60 }),
      ).toBeNull();
    });

    it('a processing job gets a cancel request its worker sees; releasing then ends it cancelled', async () => {
      const { db } = t();
      const { job, attemptId } = await givenProcessingJob(db);
      expect(await cancelJob(db, { id: job.id, scope: ALL })).toMatchObject({
        state: 'processing',
        cancelRequested: true,
      });
      expect(
        await updateJobProgress(db, { id: job.id, attemptId, leaseSeconds: 60, progress: 10 }),
      ).toEqual({
        accepted: true,
        cancelRequested: true,
      });
      expect(await releaseJob(db, { id: job.id, attemptId })).toBe('cancelled');
      expect(await getJob(db, { id: job.id, scope: ALL })).toMatchObject({
        state: 'cancelled',
        attemptId,
      });
    });

    it('a pending cancel turns completion into cancelled, and the output is not published', async () => {
      const { db } = t();
      const { job, attemptId } = await givenProcessingJob(db);
      await cancelJob(db, { id: job.id, scope: ALL });
      expect(await completeJob(db, { id: job.id, attemptId, output: OUTPUT })).toBe(false);
      expect(await getJob(db, { id: job.id, scope: ALL })).toMatchObject({
        state: 'cancelled',
        output: null,
      });
    });

    it('a stale job with a pending cancel is not handed to another attempt', async () => {
      const { db } = t();
      const { job } = await givenProcessingJob(db);
      await cancelJob(db, { id: job.id, scope: ALL });
      await ageHeartbeat(db, { id: job.id, seconds: 600 });
      expect(
        await claimJob(db, { id: job.id, attemptId: 'b', workerId: 'w2', leaseSeconds: 60 }),
      ).toBeNull();
    });

    it('finished jobs cannot be cancelled; other keys get NOT_FOUND', async () => {
      const { db } = t();
      const key = await givenApiKey(db);
      const stranger = await givenApiKey(db);
      const { job, attemptId } = await givenProcessingJob(db, { apiKeyId: key.id });
      await expect(cancelJob(db, { id: job.id, scope: stranger.scope })).rejects.toMatchObject({
        code: 'NOT_FOUND',
      });
      await completeJob(db, { id: job.id, attemptId, output: OUTPUT });
      await expect(cancelJob(db, { id: job.id, scope: key.scope })).rejects.toMatchObject({
        code: 'CONFLICT',
        details: { state: 'completed' },
      });
    });

    it('deletes finished jobs with their segments; refuses active ones; hides other keys', async () => {
      const { db } = t();
      const key = await givenApiKey(db);
      const stranger = await givenApiKey(db);
      const { job, attemptId } = await givenProcessingJob(db, { apiKeyId: key.id });
      await createSegments(db, { jobId: job.id, ranges: [{ frameStart: 0, frameEnd: 10 }] });
      await expect(deleteJob(db, { id: job.id, scope: key.scope })).rejects.toMatchObject({
        code: 'CONFLICT',
      });
      await completeJob(db, { id: job.id, attemptId, output: OUTPUT });
      expect(await deleteJob(db, { id: job.id, scope: stranger.scope })).toBeNull();
      expect((await deleteJob(db, { id: job.id, scope: key.scope }))?.output).toEqual(OUTPUT);
      expect(await getJob(db, { id: job.id, scope: ALL })).toBeNull();
      expect(await listSegments(db, job.id)).toEqual([]);
      expect(await deleteJob(db, { id: job.id, scope: key.scope })).toBeNull();
    });
  });

  describe('jobs: reconciler and metrics queries', () => {
    it('finds processing jobs whose heartbeat is older than the threshold', async () => {
      const { db } = t();
      const fresh = await givenProcessingJob(db);
      const stale = await givenProcessingJob(db);
      await ageHeartbeat(db, { id: stale.job.id, seconds: 300 });
      const found = (
        await findStaleJobs(db, { heartbeatOlderThanSeconds: 120, limit: 1000 })
      ).jobs.map((j) => j.id);
      expect(found).toContain(stale.job.id);
      expect(found).not.toContain(fresh.job.id);
      // The reconciler releases with the stale attempt's id, then the job can be claimed again.
      expect(await releaseJob(db, { id: stale.job.id, attemptId: stale.attemptId })).toBe('queued');
      expect(
        await claimJob(db, { id: stale.job.id, attemptId: 'r', workerId: 'w9', leaseSeconds: 60 }),
      ).not.toBeNull();
    });

    it('finds jobs that have sat queued for longer than the threshold', async () => {
      const { db } = t();
      const old = await givenJob(db);
      await db.query(`UPDATE jobs SET queued_at = now() - interval '1 hour' WHERE id = $1`, [
        old.id,
      ]);
      const recent = await givenJob(db);
      const found = (await findQueuedJobs(db, { olderThanSeconds: 600, limit: 1000 })).jobs.map(
        (j) => j.id,
      );
      expect(found).toContain(old.id);
      expect(found).not.toContain(recent.id);
    });

    it('pages through queued jobs in order, each once, whatever their number', async () => {
      const { db } = t();
      // Several jobs queued in the same microsecond: the cursor's seq keeps them apart.
      const ids: string[] = [];
      for (let i = 0; i < 5; i += 1) ids.push((await givenJob(db)).id);
      await db.query(
        `UPDATE jobs SET queued_at = '2001-02-03T04:05:06.123456Z' WHERE id = ANY($1::uuid[])`,
        [ids],
      );
      const seen: string[] = [];
      let after = null;
      let pages = 0;
      do {
        const page = await findQueuedJobs(db, { olderThanSeconds: 600, limit: 2, after });
        seen.push(...page.jobs.map((j) => j.id));
        after = page.next;
        pages += 1;
      } while (after !== null && pages < 100);
      // Other tests' old jobs may come before; ours come in creation order, each once.
      expect(seen.filter((id) => ids.includes(id))).toEqual(ids);
      expect(new Set(seen).size).toBe(seen.length);
    });

    it('finds ended jobs with a webhook whose ending event was never recorded', async () => {
      const { db } = t();
      const webhookUrl = 'https://hooks.example.com/x';
      const silent = await givenProcessingJob(db, { webhookUrl });
      await completeJob(db, { id: silent.job.id, attemptId: silent.attemptId, output: OUTPUT });
      const told = await givenProcessingJob(db, { webhookUrl });
      await completeJob(db, { id: told.job.id, attemptId: told.attemptId, output: OUTPUT });
      await enqueueWebhookDelivery(db, {
        eventId: `${told.job.id}.completed`,
        jobId: told.job.id,
        url: webhookUrl,
        eventType: 'job.completed',
        payload: {},
      });
      const noWebhook = await givenProcessingJob(db);
      await completeJob(db, {
        id: noWebhook.job.id,
        attemptId: noWebhook.attemptId,
        output: OUTPUT,
      });
      const ids = [silent.job.id, told.job.id, noWebhook.job.id];
      await db.query(
        `UPDATE jobs SET finished_at = now() - interval '10 minutes' WHERE id = ANY($1::uuid[])`,
        [ids],
      );
      const found = async (endedMoreThanSecondsAgo: number) =>
        (
          await findEndedJobsWithoutEvent(db, {
            endedMoreThanSecondsAgo,
            endedWithinSeconds: 3600,
            limit: 1000,
          })
        ).jobs
          .map((j) => j.id)
          .filter((id) => ids.includes(id));
      expect(await found(60)).toEqual([silent.job.id]);
      expect(await found(3600)).toEqual([]);
    });

    it('counts jobs by state, every state present', async () => {
      const { db } = t();
      const key = await givenApiKey(db);
      await givenJob(db, { apiKeyId: key.id });
      const running = await givenProcessingJob(db, { apiKeyId: key.id });
      const done = await givenProcessingJob(db, { apiKeyId: key.id });
      await completeJob(db, { id: done.job.id, attemptId: done.attemptId, output: OUTPUT });
      expect(await countJobsByState(db, { scope: key.scope })).toEqual({
        queued: 1,
        processing: 1,
        completed: 1,
        failed: 0,
        cancelled: 0,
      });
      expect(running.job.state).toBe('processing');
      const all = await countJobsByState(db);
      expect(all.completed).toBeGreaterThanOrEqual(1);
    });
  });
}
