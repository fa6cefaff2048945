import type { Job } from '@ecg-render/db';
import type { JobEventType } from './job-event-type.js';

export interface JobEventPayloadInput {
  job: Job;
  type: JobEventType;
  eventId: string;
  /** When the event happened; part of the standard payload. */
  at: Date;
  /** For `completed`: where the output can be fetched (presigned URL or the API's path). */
  downloadUrl?: string | null;
}

/** The body the ECG backend already parses at its callbackUrl (snake_case, optional fields omitted). */
export interface EcgCallbackBody {
  job_id: string;
  status: 'processing' | 'completed' | 'failed' | 'cancelled';
  progress?: number;
  estimated_time_remaining?: number;
  download_url?: string;
  file_size?: number;
  duration?: number;
  error_message?: string;
  error_code?: string;
}

/** Standard Webhooks style: `{type, id, timestamp, data}`. */
export interface StandardJobEvent {
  type: `job.${JobEventType}`;
  id: string;
  timestamp: string;
  data: {
    jobId: string;
    externalId: string | null;
    status: 'processing' | 'completed' | 'failed' | 'cancelled';
    progress: number;
    fps?: number;
    etaSeconds?: number;
    framesDone?: number;
    framesTotal?: number;
    downloadUrl?: string;
    fileSize?: number;
    durationSeconds?: number;
    error?: { code: string; message: string };
  };
}

const STATUS: Record<JobEventType, StandardJobEvent['data']['status']> = {
  progress: 'processing',
  completed: 'completed',
  failed: 'failed',
  cancelled: 'cancelled',
};

/** The body for a job's webhook, in the style the job was created with (`callback_style`). */
export function buildJobEventPayload(
  input: JobEventPayloadInput,
): StandardJobEvent | EcgCallbackBody {
  return input.job.callbackStyle === 'ecg' ? ecgBody(input) : standardBody(input);
}

function ecgBody({ job, type, downloadUrl }: JobEventPayloadInput): EcgCallbackBody {
  // The ECG jobId the job was created with; our own id only if it somehow had none.
  const body: EcgCallbackBody = { job_id: job.externalId ?? job.id, status: STATUS[type] };
  switch (type) {
    case 'progress':
      // Whole percent and whole seconds: their backend's fields are numbers it shows as is.
      body.progress = Math.floor(job.progress);
      if (job.etaSeconds !== null) body.estimated_time_remaining = Math.round(job.etaSeconds);
      break;
    case 'completed':
      body.progress = 100;
      if (downloadUrl) body.download_url = downloadUrl;
      if (job.output) {
        body.file_size = job.output.sizeBytes;
        body.duration = job.output.durationSeconds;
      }
      break;
    case 'failed':
      body.error_message = job.errorMessage ?? 'The render failed';
      body.error_code = job.errorCode ?? 'INTERNAL';
      break;
    case 'cancelled':
      break;
  }
  return body;
}

function standardBody({
  job,
  type,
  eventId,
  at,
  downloadUrl,
}: JobEventPayloadInput): StandardJobEvent {
  const data: StandardJobEvent['data'] = {
    jobId: job.id,
    externalId: job.externalId,
    status: STATUS[type],
    progress: type === 'completed' ? 100 : job.progress,
  };
  if (type === 'progress') {
    if (job.fps !== null) data.fps = job.fps;
    if (job.etaSeconds !== null) data.etaSeconds = job.etaSeconds;
    if (job.framesDone !== null) data.framesDone = job.framesDone;
    if (job.framesTotal !== null) data.framesTotal = job.framesTotal;
  }
  if (type === 'completed') {
    if (downloadUrl) data.downloadUrl = downloadUrl;
    if (job.output) {
      data.fileSize = job.output.sizeBytes;
      data.durationSeconds = job.output.durationSeconds;
    }
  }
  if (type === 'failed') {
    data.error = { code: job.errorCode ?? 'INTERNAL', message: job.errorMessage ?? '' };
  }
  return { type: `job.${type}`, id: eventId, timestamp: at.toISOString(), data };
}
