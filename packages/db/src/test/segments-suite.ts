import { describe, expect, it } from 'vitest';
import { cancelJob } from '../jobs/cancel-job.js';
import { failJob } from '../jobs/fail-job.js';
import { areAllSegmentsDone } from '../segments/are-all-segments-done.js';
import { claimSegment } from '../segments/claim-segment.js';
import { completeSegment } from '../segments/complete-segment.js';
import { createSegments } from '../segments/create-segments.js';
import { failSegment } from '../segments/fail-segment.js';
import { heartbeatSegment } from '../segments/heartbeat-segment.js';
import { listSegments } from '../segments/list-segments.js';
import { releaseSegment } from '../segments/release-segment.js';
import { ALL, givenJob, givenProcessingJob, sleep } from './builders.js';
import type { TestDatabase } from './test-backend.js';

const PLAN = [
  { frameStart: 0, frameEnd: 900 },
  { frameStart: 900, frameEnd: 1800 },
  { frameStart: 1800, frameEnd: 2000 },
];

/** Segments of long jobs, the same on every backend. */
export function segmentsSuite(t: () => TestDatabase): void {
  describe('segments', () => {
    it('creates a gapless plan once; the same plan again is returned, a different one refused', async () => {
      const { db } = t();
      const { job } = await givenProcessingJob(db);
      const segments = await createSegments(db, { jobId: job.id, ranges: PLAN });
      expect(segments.map((s) => [s.index, s.frameStart, s.frameEnd, s.state])).toEqual([
        [0, 0, 900, 'queued'],
        [1, 900, 1800, 'queued'],
        [2, 1800, 2000, 'queued'],
      ]);
      expect(await createSegments(db, { jobId: job.id, ranges: PLAN })).toEqual(segments);
      await expect(
        createSegments(db, { jobId: job.id, ranges: [{ frameStart: 0, frameEnd: 2000 }] }),
      ).rejects.toMatchObject({ code: 'CONFLICT' });
    });

    it('refuses plans with gaps or overlaps', async () => {
      const { db } = t();
      const { job } = await givenProcessingJob(db);
      for (const ranges of [
        [
          { frameStart: 0, frameEnd: 10 },
          { frameStart: 11, frameEnd: 20 },
        ],
        [
          { frameStart: 0, frameEnd: 10 },
          { frameStart: 9, frameEnd: 20 },
        ],
        [{ frameStart: 5, frameEnd: 5 }],
      ]) {
        await expect(createSegments(db, { jobId: job.id, ranges })).rejects.toMatchObject({
          code: 'INTERNAL',
        });
      }
    });

    it('claims, completes conditionally, and reports when all are done', async () => {
      const { db } = t();
      const { job } = await givenProcessingJob(db);
      await createSegments(db, { jobId: job.id, ranges: PLAN });
      expect(await areAllSegmentsDone(db, job.id)).toBe(false);

      const first = await claimSegment(db, {
        jobId: job.id,
        attemptId: 's0',
        workerId: 'w1',
        leaseSeconds: 60,
      });
      expect(first).toMatchObject({ index: 0, state: 'processing', attemptId: 's0', attempts: 1 });
      const byIndex = await claimSegment(db, {
        jobId: job.id,
        index: 2,
        attemptId: 's2',
        workerId: 'w2',
        leaseSeconds: 60,
      });
      expect(byIndex?.index).toBe(2);
      const next = await claimSegment(db, {
        jobId: job.id,
        attemptId: 's1',
        workerId: 'w3',
        leaseSeconds: 60,
      });
      expect(next?.index).toBe(1);
      expect(
        await claimSegment(db, {
          jobId: job.id,
          attemptId: 'sx',
          workerId: 'w4',
          leaseSeconds: 60,
        }),
      ).toBeNull();

      expect(
        await heartbeatSegment(db, { jobId: job.id, index: 0, attemptId: 's0', leaseSeconds: 60 }),
      ).toBe(true);
      expect(
        await heartbeatSegment(db, {
          jobId: job.id,
          index: 0,
          attemptId: 'nope',
          leaseSeconds: 60,
        }),
      ).toBe(false);
      expect(
        await completeSegment(db, { jobId: job.id, index: 0, attemptId: 'wrong', outputKey: 'k' }),
      ).toBe(false);
      for (const [index, attemptId] of [
        [0, 's0'],
        [1, 's1'],
        [2, 's2'],
      ] as const) {
        expect(
          await completeSegment(db, {
            jobId: job.id,
            index,
            attemptId,
            outputKey: `seg/${index}.ts`,
          }),
        ).toBe(true);
      }
      expect(
        await completeSegment(db, { jobId: job.id, index: 0, attemptId: 's0', outputKey: 'again' }),
      ).toBe(false);
      expect(await areAllSegmentsDone(db, job.id)).toBe(true);
      expect((await listSegments(db, job.id)).map((s) => s.outputKey)).toEqual([
        'seg/0.ts',
        'seg/1.ts',
        'seg/2.ts',
      ]);
    });

    it('a job without segments is not "all done"', async () => {
      const { job } = await givenProcessingJob(t().db);
      expect(await areAllSegmentsDone(t().db, job.id)).toBe(false);
    });

    it('a failed segment can be queued again; an expired lease can be taken over', async () => {
      const { db } = t();
      const { job } = await givenProcessingJob(db);
      await createSegments(db, { jobId: job.id, ranges: PLAN.slice(0, 2) });
      await claimSegment(db, {
        jobId: job.id,
        index: 0,
        attemptId: 'a',
        workerId: 'w1',
        leaseSeconds: 60,
      });
      expect(
        await failSegment(db, {
          jobId: job.id,
          index: 0,
          attemptId: 'a',
          error: { code: 'BROWSER_CRASHED', message: 'x' },
        }),
      ).toBe(true);
      expect((await listSegments(db, job.id))[0]).toMatchObject({
        state: 'failed',
        errorCode: 'BROWSER_CRASHED',
      });
      expect(await releaseSegment(db, { jobId: job.id, index: 0, attemptId: null })).toBe(true);
      const retried = await claimSegment(db, {
        jobId: job.id,
        index: 0,
        attemptId: 'b',
        workerId: 'w2',
        leaseSeconds: 60,
      });
      expect(retried).toMatchObject({ attempts: 2, errorCode: null, state: 'processing' });

      await claimSegment(db, {
        jobId: job.id,
        index: 1,
        attemptId: 'c',
        workerId: 'w3',
        leaseSeconds: 0,
      });
      await sleep(5);
      const taken = await claimSegment(db, {
        jobId: job.id,
        index: 1,
        attemptId: 'd',
        workerId: 'w4',
        leaseSeconds: 60,
      });
      expect(taken?.attemptId).toBe('d');
      expect(
        await completeSegment(db, { jobId: job.id, index: 1, attemptId: 'c', outputKey: 'late' }),
      ).toBe(false);
      expect(await releaseSegment(db, { jobId: job.id, index: 1, attemptId: 'd' })).toBe(true);
      expect((await listSegments(db, job.id))[1]).toMatchObject({
        state: 'queued',
        attemptId: null,
      });
    });

    it('a segment finishing after its job ended is not completed (its attempt deletes the late object)', async () => {
      const { db } = t();
      const { job, attemptId } = await givenProcessingJob(db);
      await createSegments(db, { jobId: job.id, ranges: PLAN.slice(0, 1) });
      await claimSegment(db, {
        jobId: job.id,
        index: 0,
        attemptId: 'late',
        workerId: 'w1',
        leaseSeconds: 60,
      });
      // Another segment failed for good meanwhile: the job failed and its scratch was removed.
      await failJob(db, {
        id: job.id,
        attemptId,
        error: { code: 'FFMPEG_FAILED', message: 'x' },
      });
      expect(
        await completeSegment(db, {
          jobId: job.id,
          index: 0,
          attemptId: 'late',
          outputKey: 'seg/0.ts',
        }),
      ).toBe(false);
      expect((await listSegments(db, job.id))[0]).toMatchObject({
        state: 'processing',
        outputKey: null,
      });
    });

    it('no segment is handed out for a job that is not processing or is being cancelled', async () => {
      const { db } = t();
      const queued = await givenJob(db);
      await createSegments(db, { jobId: queued.id, ranges: PLAN });
      expect(
        await claimSegment(db, {
          jobId: queued.id,
          attemptId: 'a',
          workerId: 'w',
          leaseSeconds: 60,
        }),
      ).toBeNull();

      const { job } = await givenProcessingJob(db);
      await createSegments(db, { jobId: job.id, ranges: PLAN });
      await cancelJob(db, { id: job.id, scope: ALL });
      expect(
        await claimSegment(db, { jobId: job.id, attemptId: 'a', workerId: 'w', leaseSeconds: 60 }),
      ).toBeNull();
    });
  });
}
