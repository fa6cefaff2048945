import { useEffect, useState } from 'react';
import type { JobView } from '../api/types.js';

/** Fetches the latest rendered frame as a Blob (with the API key), or null when there is none yet. */
export type LoadThumbnail = (jobId: string, signal: AbortSignal) => Promise<Blob | null>;

/** How often, at most, the picture is fetched again while the job renders. */
const REFRESH_MS = 2000;

/**
 * The latest rendered frame of a job, refreshed while it renders and once more when it ends. Read
 * with fetch (not an <img src>) because an image request cannot carry the API key.
 */
export function JobThumbnail(props: { job: JobView; load: LoadThumbnail }) {
  const { job, load } = props;
  const [url, setUrl] = useState<string | null>(null);
  const finished = job.status !== 'queued' && job.status !== 'processing';
  // Changes at most every REFRESH_MS while progress events arrive, and once at the end: each
  // change fetches the picture again.
  const bucket = finished ? 'end' : String(Math.floor(Date.now() / REFRESH_MS));

  useEffect(() => {
    if (job.status === 'queued') return undefined;
    const controller = new AbortController();
    load(job.jobId, controller.signal)
      .then((blob) => {
        if (!blob) return;
        const next = URL.createObjectURL(blob);
        setUrl((previous) => {
          if (previous) URL.revokeObjectURL(previous);
          return next;
        });
      })
      .catch(() => undefined);
    return () => controller.abort();
  }, [job.jobId, job.status, bucket, load]);

  useEffect(
    () => () =>
      setUrl((previous) => {
        if (previous) URL.revokeObjectURL(previous);
        return null;
      }),
    [],
  );

  if (!url) return null;
  return (
    <figure className="job-thumbnail">
      <img
        src={url}
        alt={`Latest rendered frame of job ${job.jobId.slice(0, 8)}`}
        data-testid="job-thumbnail"
      />
      <figcaption>{finished ? 'Last rendered frame' : 'Latest rendered frame'}</figcaption>
    </figure>
  );
}
