import { extname } from 'node:path';

/**
 * The file name a job's output downloads as: the client's external id (the ECG backend's jobId)
 * or our id, each run of characters outside `A-Za-z0-9._-` made one `_`, at most 100 characters,
 * with the output's extension. The worker's presigned link in the `completed` callback and the
 * API's download route both use it, so one output never downloads under two names.
 */
export function jobDownloadName(input: {
  jobId: string;
  externalId: string | null;
  /** The output's storage key; its extension is kept (`.mp4` when it has none). */
  key: string;
}): string {
  const stem = (input.externalId ?? input.jobId).replace(/[^A-Za-z0-9._-]+/g, '_').slice(0, 100);
  return `${stem}${extname(input.key) || '.mp4'}`;
}
