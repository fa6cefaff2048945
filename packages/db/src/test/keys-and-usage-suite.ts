import { describe, expect, it } from 'vitest';
import { createApiKey } from '../api-keys/create-api-key.js';
import { getApiKey } from '../api-keys/get-api-key.js';
import { listApiKeys } from '../api-keys/list-api-keys.js';
import { revokeApiKey } from '../api-keys/revoke-api-key.js';
import { verifyApiKey } from '../api-keys/verify-api-key.js';
import { cancelJob } from '../jobs/cancel-job.js';
import { claimJob } from '../jobs/claim-job.js';
import { completeJob } from '../jobs/complete-job.js';
import { createJob } from '../jobs/create-job.js';
import { failJob } from '../jobs/fail-job.js';
import { checkAndReserveQuota } from '../usage/check-and-reserve-quota.js';
import { getUsage } from '../usage/get-usage.js';
import { ALL, givenApiKey, givenProcessingJob, jobInput } from './builders.js';
import type { TestDatabase } from './test-backend.js';

/** API keys and quotas, the same on every backend. */
export function keysAndUsageSuite(t: () => TestDatabase): void {
  describe('api keys', () => {
    it('shows the key once, stores only its hash, and verifies it', async () => {
      const { db } = t();
      const { id, key, apiKey } = await createApiKey(db, {
        name: 'ECG backend',
        quotas: { maxConcurrentJobs: 4, maxMinutesPerDay: 600 },
      });
      expect(key).toMatch(/^ecgr_[A-Za-z0-9_-]{43}$/);
      expect(apiKey).toMatchObject({
        id,
        name: 'ECG backend',
        prefix: key.slice(0, 11),
        quotas: { maxConcurrentJobs: 4, maxMinutesPerDay: 600 },
        revokedAt: null,
      });
      const { rows } = await db.query<Record<string, unknown>>(
        'SELECT * FROM api_keys WHERE id = $1',
        [id],
      );
      expect(JSON.stringify(rows)).not.toContain(key);
      expect(rows[0]?.key_hash).toMatch(/^[0-9a-f]{64}$/);

      expect(await verifyApiKey(db, key)).toEqual(apiKey);
      expect(await getApiKey(db, id)).toEqual(apiKey);
      expect((await listApiKeys(db)).map((k) => k.id)).toContain(id);
    });

    it('rejects wrong, malformed and revoked keys', async () => {
      const { db } = t();
      const { id, key } = await createApiKey(db, { name: 'to revoke' });
      expect(
        await verifyApiKey(db, `${key.slice(0, -1)}${key.endsWith('A') ? 'B' : 'A'}`),
      ).toBeNull();
      expect(await verifyApiKey(db, 'Bearer nonsense')).toBeNull();
      expect(await verifyApiKey(db, '')).toBeNull();
      expect(await revokeApiKey(db, id)).toBe(true);
      expect(await revokeApiKey(db, id)).toBe(false);
      expect(await verifyApiKey(db, key)).toBeNull();
      expect((await getApiKey(db, id))?.revokedAt).toBeInstanceOf(Date);
    });

    it('a revoked key cannot create jobs', async () => {
      const { db } = t();
      const key = await givenApiKey(db);
      await revokeApiKey(db, key.id);
      await expect(createJob(db, jobInput({ apiKeyId: key.id }))).rejects.toMatchObject({
        code: 'UNAUTHORIZED',
      });
    });
  });

  describe('quotas', () => {
    it('concurrent jobs: counts queued and processing; a finished job frees its slot', async () => {
      const { db } = t();
      const key = await givenApiKey(db, { maxConcurrentJobs: 2 });
      await createJob(db, jobInput({ apiKeyId: key.id }));
      const { job, attemptId } = await givenProcessingJob(db, { apiKeyId: key.id });
      await expect(createJob(db, jobInput({ apiKeyId: key.id }))).rejects.toMatchObject({
        code: 'QUOTA_EXCEEDED',
        details: { quota: 'concurrentJobs', limit: 2, current: 2 },
      });
      await completeJob(db, {
        id: job.id,
        attemptId,
        output: { key: 'o', sizeBytes: 1, durationSeconds: 1 },
      });
      expect((await createJob(db, jobInput({ apiKeyId: key.id }))).created).toBe(true);
    });

    it('an idempotent retry does not count against the quota', async () => {
      const { db } = t();
      const key = await givenApiKey(db, { maxConcurrentJobs: 1 });
      const input = jobInput({ apiKeyId: key.id, idempotencyKey: 'once' });
      const first = await createJob(db, input);
      expect(await createJob(db, input)).toEqual({ job: first.job, created: false });
    });

    it('daily minutes: reserved at creation, settled to the rendered length at completion', async () => {
      const { db } = t();
      const key = await givenApiKey(db, { maxMinutesPerDay: 10 });
      const { job } = await createJob(db, jobInput({ apiKeyId: key.id, estimatedMinutes: 4 }));
      expect(job.reservedMinutes).toBe(4);
      expect(await getUsage(db, { apiKeyId: key.id })).toMatchObject({
        renderedMinutes: 0,
        reservedMinutes: 4,
      });

      await expect(
        createJob(db, jobInput({ apiKeyId: key.id, estimatedMinutes: 7 })),
      ).rejects.toMatchObject({
        code: 'QUOTA_EXCEEDED',
        details: { quota: 'minutesPerDay', limit: 10, used: 4, requested: 7 },
      });

      await claimJob(db, { id: job.id, attemptId: 'a', workerId: 'w', leaseSeconds: 60 });
      await completeJob(db, {
        id: job.id,
        attemptId: 'a',
        output: { key: 'o', sizeBytes: 1, durationSeconds: 180 },
      });
      expect(await getUsage(db, { apiKeyId: key.id })).toMatchObject({
        renderedMinutes: 3,
        reservedMinutes: 0,
      });
      expect(
        (await createJob(db, jobInput({ apiKeyId: key.id, estimatedMinutes: 7 }))).created,
      ).toBe(true);
      // 3 rendered + 7 reserved = 10: the day is used up, even for a job of unknown length.
      await expect(createJob(db, jobInput({ apiKeyId: key.id }))).rejects.toMatchObject({
        code: 'QUOTA_EXCEEDED',
      });
    });

    it('failed and cancelled jobs give their reserved minutes back and count none', async () => {
      const { db } = t();
      const key = await givenApiKey(db, { maxMinutesPerDay: 10 });
      const queued = (await createJob(db, jobInput({ apiKeyId: key.id, estimatedMinutes: 5 }))).job;
      const running = (await createJob(db, jobInput({ apiKeyId: key.id, estimatedMinutes: 5 })))
        .job;
      expect((await getUsage(db, { apiKeyId: key.id })).reservedMinutes).toBe(10);

      await cancelJob(db, { id: queued.id, scope: ALL });
      await claimJob(db, { id: running.id, attemptId: 'a', workerId: 'w', leaseSeconds: 60 });
      await failJob(db, {
        id: running.id,
        attemptId: 'a',
        error: { code: 'FFMPEG_FAILED', message: 'x' },
      });
      expect(await getUsage(db, { apiKeyId: key.id })).toMatchObject({
        renderedMinutes: 0,
        reservedMinutes: 0,
      });
    });

    it('unlimited keys are never refused; usage of another day is separate', async () => {
      const { db } = t();
      const key = await givenApiKey(db);
      for (let i = 0; i < 3; i++)
        await createJob(db, jobInput({ apiKeyId: key.id, estimatedMinutes: 1000 }));
      expect(await getUsage(db, { apiKeyId: key.id, day: '2001-01-01' })).toEqual({
        day: '2001-01-01',
        renderedMinutes: 0,
        reservedMinutes: 0,
      });
    });

    it('checkAndReserveQuota rolls back with the transaction it runs in', async () => {
      const { db } = t();
      const key = await givenApiKey(db, { maxMinutesPerDay: 10 });
      await expect(
        db.transaction(async (tx) => {
          await checkAndReserveQuota(tx, { apiKeyId: key.id, minutes: 6 });
          throw new Error('job insert failed');
        }),
      ).rejects.toThrow('job insert failed');
      expect((await getUsage(db, { apiKeyId: key.id })).reservedMinutes).toBe(0);
    });
  });
}
