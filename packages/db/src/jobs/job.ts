export const JOB_STATES = ['queued', 'processing', 'completed', 'failed', 'cancelled'] as const;

export type JobState = (typeof JOB_STATES)[number];

/** Where the source video is: an object the API stored from an upload, or a URL to download. */
export type JobSource = { kind: 'upload'; key: string } | { kind: 'url'; url: string };

/** The scenario inline, or the storage key a large one was saved under. */
export type JobScenario = { kind: 'inline'; scenario: unknown } | { kind: 'stored'; key: string };

/** standard: signed Standard Webhooks events; ecg: the ECG backend's snake_case callbacks. */
export type CallbackStyle = 'standard' | 'ecg';

export interface JobOutput {
  key: string;
  sizeBytes: number;
  durationSeconds: number;
}

/** Who is asking: one API key sees only its own jobs; internal callers (workers) see all. */
export type JobScope = { kind: 'apiKey'; apiKeyId: string } | { kind: 'all' };

export interface Job {
  id: string;
  apiKeyId: string | null;
  state: JobState;
  /** 0-100. */
  progress: number;
  fps: number | null;
  etaSeconds: number | null;
  framesDone: number | null;
  framesTotal: number | null;
  errorCode: string | null;
  errorMessage: string | null;
  source: JobSource;
  scenario: JobScenario;
  options: Record<string, unknown>;
  webhookUrl: string | null;
  callbackStyle: CallbackStyle;
  externalId: string | null;
  idempotencyKey: string | null;
  requestHash: string;
  output: JobOutput | null;
  /** How many attempts have claimed the job. */
  attempts: number;
  /** The attempt allowed to finish the job; null while no attempt holds it. */
  attemptId: string | null;
  cancelRequested: boolean;
  workerId: string | null;
  heartbeatAt: Date | null;
  leaseExpiresAt: Date | null;
  reservedMinutes: number;
  createdAt: Date;
  /** When it last entered the queue (created, or released for another attempt). */
  queuedAt: Date;
  startedAt: Date | null;
  finishedAt: Date | null;
  updatedAt: Date;
}
