import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { isEcgError } from '@ecg-render/errors';
import { claimJob } from '../jobs/claim-job.js';
import { completeJob } from '../jobs/complete-job.js';
import { createJob } from '../jobs/create-job.js';
import { getJob } from '../jobs/get-job.js';
import { claimSegment } from '../segments/claim-segment.js';
import { createSegments } from '../segments/create-segments.js';
import { getUsage } from '../usage/get-usage.js';
import type { Db } from '../sql.js';
import { ALL, givenApiKey, givenJob, givenProcessingJob, jobInput, sleep } from './builders.js';
import type { TestDatabase } from './test-backend.js';

const OUTPUT = { key: 'outputs/race.mp4', sizeBytes: 1000, durationSeconds: 60 };
const RACERS = 12;

/** Settles every promise and sorts the outcomes: values, and error codes of EcgErrors. */
async function outcomes<T>(promises: Promise<T>[]): Promise<{ values: T[]; codes: string[] }> {
  const settled = await Promise.allSettled(promises);
  const values: T[] = [];
  const codes: string[] = [];
  for (const result of settled) {
    if (result.status === 'fulfilled') values.push(result.value);
    else if (isEcgError(result.reason)) codes.push(result.reason.code);
    else throw result.reason;
  }
  return { values, codes };
}

/**
 * Races through two handles at once. On PostgreSQL they are separate connection pools, so the
 * racing transactions really overlap; on PGlite (one connection) they take turns, which checks
 * the same invariants without the overlap.
 */
export function racesSuite(t: () => TestDatabase): void {
  const handle = (i: number): Db => (i % 2 === 0 ? t().db : t().second);

  describe('races', () => {
    it('of many completions of one attempt, exactly one wins', async () => {
      const { job, attemptId } = await givenProcessingJob(t().db);
      const { values } = await outcomes(
        Array.from({ length: RACERS }, (_, i) =>
          completeJob(handle(i), { id: job.id, attemptId, output: { ...OUTPUT, key: `out/${i}` } }),
        ),
      );
      expect(values.filter(Boolean)).toHaveLength(1);
      const winner = values.indexOf(true);
      expect((await getJob(t().db, { id: job.id, scope: ALL }))?.output?.key).toBe(`out/${winner}`);
    });

    it('a stale attempt racing the attempt that took over: only the current one wins', async () => {
      const { db } = t();
      const job = await givenJob(db);
      await claimJob(db, { id: job.id, attemptId: 'stale', workerId: 'w1', leaseSeconds: 0 });
      await sleep(5);
      await claimJob(db, { id: job.id, attemptId: 'current', workerId: 'w2', leaseSeconds: 60 });
      const { values } = await outcomes(
        Array.from({ length: RACERS }, (_, i) =>
          completeJob(handle(i), {
            id: job.id,
            attemptId: i % 2 === 0 ? 'stale' : 'current',
            output: OUTPUT,
          }),
        ),
      );
      expect(values.filter(Boolean)).toHaveLength(1);
      expect(values.findIndex(Boolean) % 2).toBe(1);
    });

    it('of many claims of one queued job, exactly one gets it', async () => {
      const job = await givenJob(t().db);
      const { values } = await outcomes(
        Array.from({ length: RACERS }, (_, i) =>
          claimJob(handle(i), {
            id: job.id,
            attemptId: `a${i}`,
            workerId: `w${i}`,
            leaseSeconds: 60,
          }),
        ),
      );
      const claimed = values.filter((v) => v !== null);
      expect(claimed).toHaveLength(1);
      expect((await getJob(t().db, { id: job.id, scope: ALL }))?.attemptId).toBe(
        claimed[0]?.attemptId,
      );
    });

    it('concurrent submissions never exceed the concurrent-jobs quota', async () => {
      const key = await givenApiKey(t().db, { maxConcurrentJobs: 3 });
      const { values, codes } = await outcomes(
        Array.from({ length: RACERS }, (_, i) =>
          createJob(handle(i), jobInput({ apiKeyId: key.id })),
        ),
      );
      expect(values).toHaveLength(3);
      expect(codes).toEqual(Array(RACERS - 3).fill('QUOTA_EXCEEDED'));
      const { rows } = await t().db.query<{ n: number }>(
        'SELECT count(*)::int AS n FROM jobs WHERE api_key_id = $1',
        [key.id],
      );
      expect(rows[0]?.n).toBe(3);
    });

    it('concurrent submissions never exceed the daily minutes', async () => {
      const key = await givenApiKey(t().db, { maxMinutesPerDay: 10 });
      const { values, codes } = await outcomes(
        Array.from({ length: RACERS }, (_, i) =>
          createJob(handle(i), jobInput({ apiKeyId: key.id, estimatedMinutes: 3 })),
        ),
      );
      expect(values).toHaveLength(3);
      expect(codes).toEqual(Array(RACERS - 3).fill('QUOTA_EXCEEDED'));
      expect((await getUsage(t().db, { apiKeyId: key.id })).reservedMinutes).toBe(9);
    });

    it('concurrent submissions with one idempotency key create one job', async () => {
      for (const apiKeyId of [null, (await givenApiKey(t().db)).id]) {
        const input = jobInput({ apiKeyId, idempotencyKey: `race-${randomUUID()}` });
        const { values, codes } = await outcomes(
          Array.from({ length: RACERS }, (_, i) => createJob(handle(i), input)),
        );
        expect(codes).toEqual([]);
        expect(values.filter((v) => v.created)).toHaveLength(1);
        expect(new Set(values.map((v) => v.job.id)).size).toBe(1);
      }
    });

    it('workers claiming the next free segment at once each get a different one', async () => {
      const { job } = await givenProcessingJob(t().db);
      await createSegments(t().db, {
        jobId: job.id,
        ranges: Array.from({ length: 4 }, (_, i) => ({
          frameStart: i * 100,
          frameEnd: (i + 1) * 100,
        })),
      });
      const { values } = await outcomes(
        Array.from({ length: 8 }, (_, i) =>
          claimSegment(handle(i), {
            jobId: job.id,
            attemptId: `s${i}`,
            workerId: `w${i}`,
            leaseSeconds: 60,
          }),
        ),
      );
      const indexes = values.filter((s) => s !== null).map((s) => s.index);
      expect(indexes.sort()).toEqual([0, 1, 2, 3]);
    });
  });
}
