import type { Job } from '@ecg-render/db';
import type { JobEventType } from './job-event-type.js';

/**
 * The stable id of an event: the same event emitted twice (at-least-once workers, the API and a
 * worker both seeing a cancel) gets the same id, so it is recorded and delivered once, and
 * receivers can deduplicate on `webhook-id`. A job ends once, so its ending needs no more than
 * its type; progress is named by attempt and whole percent. Dots only: queue ids refuse colons.
 */
export function jobEventId(
  job: Pick<Job, 'id' | 'attempts' | 'progress'>,
  type: JobEventType,
): string {
  if (type !== 'progress') return `${job.id}.${type}`;
  return `${job.id}.progress.${job.attempts}.${Math.floor(job.progress)}`;
}
