import type { Job } from '@ecg-render/db';
import type { Storage } from '@ecg-render/storage';

/**
 * Deletes every object a job names or owns: its upload, stored scenario, output, and whatever its
 * attempts wrote under `jobs/<id>/` (segments, losing attempts' outputs). Deletes are idempotent,
 * so a retry after a partial failure finishes the job.
 */
export async function deleteJobObjects(storage: Storage, job: Job): Promise<void> {
  const keys = new Set<string>();
  if (job.source.kind === 'upload') keys.add(job.source.key);
  if (job.scenario.kind === 'stored') keys.add(job.scenario.key);
  if (job.output !== null) keys.add(job.output.key);
  for (const key of keys) await storage.delete(key);
  await storage.deletePrefix(`uploads/${job.id}/`);
  await storage.deletePrefix(`jobs/${job.id}/`);
}
