import { enqueueWebhookDelivery, type Job, type Sql } from '@ecg-render/db';
import type { Dispatcher } from '../queue/dispatcher.js';
import { buildJobEventPayload } from './build-job-event-payload.js';
import { jobEventId } from './job-event-id.js';
import type { JobEventType } from './job-event-type.js';
import {
  createProgressEventThrottle,
  type ProgressEventThrottle,
} from './progress-event-throttle.js';

export interface RecordJobEventInput {
  sql: Sql;
  dispatcher: Pick<Dispatcher, 'enqueueWebhook'>;
  /** The job as it is now (after the update the event reports). */
  job: Job;
  type: JobEventType;
  /** For `completed`. */
  downloadUrl?: string | null;
  /** Default: one shared per process (2 s per job). */
  throttle?: ProgressEventThrottle;
  /** Event time. Default now. */
  at?: Date;
}

export interface RecordedJobEvent {
  eventId: string;
  /** False when this event had been recorded before (it is not sent again). */
  created: boolean;
  /**
   * False when the queue could not take it (Redis down): the delivery is recorded, and the
   * reconciler's sweep of due deliveries sends it later.
   */
  enqueued: boolean;
}

const sharedThrottle = createProgressEventThrottle();

/**
 * Turns a job event into a webhook delivery when the job has a webhook (callback) URL: a
 * `webhook_deliveries` row under a stable event id (jobEventId), then a queued send. Progress
 * events are throttled. Returns null when nothing is sent (no URL, or throttled).
 */
export async function recordJobEvent(input: RecordJobEventInput): Promise<RecordedJobEvent | null> {
  const { job, type } = input;
  const throttle = input.throttle ?? sharedThrottle;
  if (type !== 'progress') throttle.forget(job.id);
  if (job.webhookUrl === null) return null;
  if (type === 'progress' && !throttle.take({ jobId: job.id, progress: job.progress })) return null;

  const eventId = jobEventId(job, type);
  const payload = buildJobEventPayload({
    job,
    type,
    eventId,
    at: input.at ?? new Date(),
    ...(input.downloadUrl !== undefined && { downloadUrl: input.downloadUrl }),
  });
  const { created } = await enqueueWebhookDelivery(input.sql, {
    eventId,
    jobId: job.id,
    url: job.webhookUrl,
    eventType: `job.${type}`,
    payload,
  });
  if (!created) return { eventId, created, enqueued: false };
  try {
    await input.dispatcher.enqueueWebhook(eventId);
    return { eventId, created, enqueued: true };
  } catch {
    return { eventId, created, enqueued: false };
  }
}
