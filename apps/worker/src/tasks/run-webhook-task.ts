import { EcgError } from '@ecg-render/errors';
import { deliverWebhook } from '@ecg-render/jobs';
import type { JobContext, JobPayloads } from '@ecg-render/queue';
import type { WorkerRuntime } from '../worker-runtime.js';

/**
 * The `webhook` task: one send of a recorded delivery (deliverWebhook records it). A failure the
 * delivery will retry is thrown as retryable, so the queue's backoff schedules the next send
 * (the row's next_attempt_at says the same, for the reconciler's sweep if the queue lost it).
 */
export async function runWebhookTask(
  rt: WorkerRuntime,
  payload: JobPayloads['webhook'],
  context: JobContext,
): Promise<void> {
  const result = await deliverWebhook({
    sql: rt.sql,
    deliveryId: payload.deliveryId,
    secret: rt.config.security.webhookSecret,
    signal: context.signal,
    policy: {
      allowPrivate: rt.config.limits.allowPrivateUrls,
      allowAddresses: rt.config.limits.trustedAddresses,
    },
    maxAttempts: rt.dispatcher.maxAttempts('webhook'),
  });
  if (result.kind === 'retry') {
    throw new EcgError('WEBHOOK_FAILED', result.error, {
      details: { deliveryId: payload.deliveryId, retryInSeconds: result.retryInSeconds },
    });
  }
  if (result.kind === 'abandoned') {
    rt.logger.warn({ deliveryId: payload.deliveryId, error: result.error }, 'webhook abandoned');
  }
}
