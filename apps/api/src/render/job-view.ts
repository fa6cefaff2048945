import type { Job, JobState } from '@ecg-render/db';

/** A job as clients see it (GET /api/render/{id}, the events stream, lists). */
export interface JobView {
  jobId: string;
  status: JobState;
  /** 0-100. */
  progress: number;
  fps: number | null;
  etaSeconds: number | null;
  framesDone: number | null;
  framesTotal: number | null;
  cancelRequested: boolean;
  error: { code: string; message: string } | null;
  output: { size: number; duration: number; downloadUrl: string } | null;
  /** The caller's own id (the ECG backend's jobId), if it gave one. */
  externalId: string | null;
  source: { kind: 'upload' } | { kind: 'url'; url: string };
  options: Record<string, unknown>;
  attempts: number;
  createdAt: string;
  startedAt: string | null;
  finishedAt: string | null;
  updatedAt: string;
}

/** `baseUrl`: absolute origin for links (PUBLIC_BASE_URL, or the request's own). */
export function toJobView(job: Job, baseUrl: string): JobView {
  return {
    jobId: job.id,
    status: job.state,
    progress: job.progress,
    fps: job.fps,
    etaSeconds: job.etaSeconds,
    framesDone: job.framesDone,
    framesTotal: job.framesTotal,
    cancelRequested: job.cancelRequested,
    // Only a failed job has an error: a queued one may still carry the reason its last attempt
    // was released for a retry, which clients must not read as a failure.
    error:
      job.errorCode !== null && job.state === 'failed'
        ? { code: job.errorCode, message: job.errorMessage ?? '' }
        : null,
    output:
      job.state === 'completed' && job.output !== null
        ? {
            size: job.output.sizeBytes,
            duration: job.output.durationSeconds,
            downloadUrl: `${baseUrl}/api/render/${job.id}/download`,
          }
        : null,
    externalId: job.externalId,
    source: job.source.kind === 'url' ? { kind: 'url', url: job.source.url } : { kind: 'upload' },
    options: job.options,
    attempts: job.attempts,
    createdAt: job.createdAt.toISOString(),
    startedAt: job.startedAt?.toISOString() ?? null,
    finishedAt: job.finishedAt?.toISOString() ?? null,
    updatedAt: job.updatedAt.toISOString(),
  };
}
