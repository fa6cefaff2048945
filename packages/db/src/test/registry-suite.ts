import { createHash, randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { findPlugin } from '../plugins/find-plugin.js';
import { findPluginByHash } from '../plugins/find-plugin-by-hash.js';
import { listPlugins } from '../plugins/list-plugins.js';
import { registerPlugin } from '../plugins/register-plugin.js';
import { enqueueWebhookDelivery } from '../webhooks/enqueue-webhook-delivery.js';
import { findDueWebhookDeliveries } from '../webhooks/find-due-webhook-deliveries.js';
import { listWebhookDeliveries } from '../webhooks/list-webhook-deliveries.js';
import { recordWebhookAttempt } from '../webhooks/record-webhook-attempt.js';
import { listWorkers } from '../workers/list-workers.js';
import { registerWorker } from '../workers/register-worker.js';
import { removeWorker } from '../workers/remove-worker.js';
import { touchWorker } from '../workers/touch-worker.js';
import { sleep } from './builders.js';
import type { TestDatabase } from './test-backend.js';

function sha(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

/** Plugins, webhook deliveries and workers, the same on every backend. */
export function registrySuite(t: () => TestDatabase): void {
  describe('plugins', () => {
    it('registers once per (name, version, hash); name@version finds the latest upload', async () => {
      const { db } = t();
      const name = `fx-${randomUUID().slice(0, 8)}`;
      const v1 = {
        name,
        version: '1.0.0',
        sha256: sha(`${name}-a`),
        storageKey: `plugins/${sha(`${name}-a`)}.tgz`,
        sizeBytes: 12_345,
        manifest: { name, version: '1.0.0', entry: 'index.mjs', assets: ['a.png'] },
      };
      const first = await registerPlugin(db, v1);
      expect(first.created).toBe(true);
      expect(first.plugin).toMatchObject({
        name,
        version: '1.0.0',
        sizeBytes: 12_345,
        manifest: v1.manifest,
      });
      expect(await registerPlugin(db, v1)).toEqual({ plugin: first.plugin, created: false });

      const reupload = await registerPlugin(db, {
        ...v1,
        sha256: sha(`${name}-b`),
        storageKey: 'plugins/b.tgz',
      });
      expect(reupload.created).toBe(true);
      expect((await findPlugin(db, { name, version: '1.0.0' }))?.id).toBe(reupload.plugin.id);
      expect((await findPluginByHash(db, v1.sha256))?.id).toBe(first.plugin.id);
      expect((await findPluginByHash(db, v1.sha256.toUpperCase()))?.id).toBe(first.plugin.id);
      expect(await findPlugin(db, { name, version: '9.9.9' })).toBeNull();
      expect(await findPluginByHash(db, sha('nothing'))).toBeNull();
      expect((await listPlugins(db, { name })).map((p) => p.id)).toEqual([
        reupload.plugin.id,
        first.plugin.id,
      ]);
    });

    it('refuses a malformed hash', async () => {
      await expect(
        registerPlugin(t().db, {
          name: 'x',
          version: '1',
          sha256: 'not-a-hash',
          storageKey: 'k',
          sizeBytes: 1,
          manifest: {},
        }),
      ).rejects.toThrow();
    });
  });

  describe('webhook deliveries', () => {
    it('enqueues once per event id, retries with backoff, and ends delivered', async () => {
      const { db } = t();
      const jobId = randomUUID();
      const input = {
        eventId: `evt_${randomUUID()}`,
        jobId,
        url: 'https://hooks.example.com/render',
        eventType: 'job.completed',
        payload: { job_id: jobId, status: 'completed', list: [1, 2] },
      };
      const { delivery, created } = await enqueueWebhookDelivery(db, input);
      expect(created).toBe(true);
      expect(delivery).toMatchObject({ attempts: 0, deliveredAt: null, payload: input.payload });
      expect((await enqueueWebhookDelivery(db, input)).created).toBe(false);
      expect((await findDueWebhookDeliveries(db, { limit: 1000 })).map((d) => d.eventId)).toContain(
        input.eventId,
      );

      const failed = await recordWebhookAttempt(db, {
        eventId: input.eventId,
        outcome: { kind: 'failed', status: 503, error: 'Service Unavailable', retryInSeconds: 300 },
      });
      expect(failed).toMatchObject({
        attempts: 1,
        lastStatus: 503,
        lastError: 'Service Unavailable',
        abandonedAt: null,
      });
      expect(failed.nextAttemptAt.getTime()).toBeGreaterThan(Date.now() + 200_000);
      expect(
        (await findDueWebhookDeliveries(db, { limit: 1000 })).map((d) => d.eventId),
      ).not.toContain(input.eventId);

      const delivered = await recordWebhookAttempt(db, {
        eventId: input.eventId,
        outcome: { kind: 'delivered', status: 204 },
      });
      expect(delivered).toMatchObject({ attempts: 2, lastStatus: 204, lastError: null });
      expect(delivered.deliveredAt).toBeInstanceOf(Date);
      // A late duplicate report changes nothing.
      const late = await recordWebhookAttempt(db, {
        eventId: input.eventId,
        outcome: { kind: 'failed', status: 500, error: 'late', retryInSeconds: 1 },
      });
      expect(late).toEqual(delivered);
      expect((await listWebhookDeliveries(db, jobId)).map((d) => d.eventId)).toEqual([
        input.eventId,
      ]);
    });

    it('gives up when told there is no next attempt', async () => {
      const { db } = t();
      const eventId = `evt_${randomUUID()}`;
      await enqueueWebhookDelivery(db, {
        eventId,
        jobId: randomUUID(),
        url: 'https://h',
        eventType: 'job.failed',
        payload: {},
      });
      const abandoned = await recordWebhookAttempt(db, {
        eventId,
        outcome: { kind: 'failed', status: null, error: 'ECONNREFUSED', retryInSeconds: null },
      });
      expect(abandoned.abandonedAt).toBeInstanceOf(Date);
      expect(abandoned.deliveredAt).toBeNull();
      expect(
        (await findDueWebhookDeliveries(db, { limit: 1000 })).map((d) => d.eventId),
      ).not.toContain(eventId);
      await expect(
        recordWebhookAttempt(db, {
          eventId: 'evt_missing',
          outcome: { kind: 'delivered', status: 200 },
        }),
      ).rejects.toMatchObject({ code: 'NOT_FOUND' });
    });
  });

  describe('workers', () => {
    it('registers, is seen, re-registers on restart, and leaves', async () => {
      const { db } = t();
      const id = `gpu-${randomUUID().slice(0, 8)}`;
      const worker = await registerWorker(db, {
        id,
        hostname: 'render-1',
        mode: 'worker',
        capabilities: {
          encoders: ['libx264', 'h264_nvenc'],
          gpus: [{ name: 'L4', memoryMiB: 23034 }],
        },
      });
      expect(worker).toMatchObject({ id, hostname: 'render-1', activeJobs: 0 });
      expect(worker.capabilities).toEqual({
        encoders: ['libx264', 'h264_nvenc'],
        gpus: [{ name: 'L4', memoryMiB: 23034 }],
      });

      await sleep(5);
      expect(await touchWorker(db, { id, activeJobs: 2 })).toBe(true);
      const [seen] = (await listWorkers(db, { seenWithinSeconds: 60 })).filter((w) => w.id === id);
      expect(seen?.activeJobs).toBe(2);
      expect(seen!.lastSeenAt.getTime()).toBeGreaterThan(worker.lastSeenAt.getTime());

      await db.query(`UPDATE workers SET last_seen_at = now() - interval '1 hour' WHERE id = $1`, [
        id,
      ]);
      expect((await listWorkers(db, { seenWithinSeconds: 60 })).map((w) => w.id)).not.toContain(id);
      expect((await listWorkers(db)).map((w) => w.id)).toContain(id);

      const restarted = await registerWorker(db, {
        id,
        hostname: 'render-1',
        mode: 'worker',
        capabilities: {},
      });
      expect(restarted).toMatchObject({ activeJobs: 0, capabilities: {} });
      expect(await removeWorker(db, id)).toBe(true);
      expect(await removeWorker(db, id)).toBe(false);
      expect(await touchWorker(db, { id, activeJobs: 0 })).toBe(false);
    });
  });
}
