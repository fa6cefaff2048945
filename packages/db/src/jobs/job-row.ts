import type { CallbackStyle, Job, JobScenario, JobSource, JobState } from './job.js';

/** A jobs row as both drivers return it (pg gives bigint as string, PGlite as number). */
export interface JobRow {
  id: string;
  api_key_id: string | null;
  state: JobState;
  progress: number;
  fps: number | null;
  eta_seconds: number | null;
  frames_done: number | null;
  frames_total: number | null;
  error_code: string | null;
  error_message: string | null;
  source: JobSource;
  scenario: unknown;
  scenario_key: string | null;
  options: Record<string, unknown>;
  webhook_url: string | null;
  callback_style: CallbackStyle;
  external_id: string | null;
  idempotency_key: string | null;
  request_hash: string;
  output_key: string | null;
  output_size: string | number | null;
  output_duration: number | null;
  attempts: number;
  attempt_id: string | null;
  cancel_requested: boolean;
  worker_id: string | null;
  heartbeat_at: Date | null;
  lease_expires_at: Date | null;
  reserved_minutes: number;
  usage_day: unknown;
  created_at: Date;
  queued_at: Date;
  started_at: Date | null;
  finished_at: Date | null;
  updated_at: Date;
}

/** Maps a row to the domain object; one place, so both drivers' quirks are handled once. */
export function jobFromRow(row: JobRow): Job {
  const scenario: JobScenario =
    row.scenario_key === null
      ? { kind: 'inline', scenario: row.scenario }
      : { kind: 'stored', key: row.scenario_key };
  return {
    id: row.id,
    apiKeyId: row.api_key_id,
    state: row.state,
    progress: row.progress,
    fps: row.fps,
    etaSeconds: row.eta_seconds,
    framesDone: row.frames_done,
    framesTotal: row.frames_total,
    errorCode: row.error_code,
    errorMessage: row.error_message,
    source: row.source,
    scenario,
    options: row.options,
    webhookUrl: row.webhook_url,
    callbackStyle: row.callback_style,
    externalId: row.external_id,
    idempotencyKey: row.idempotency_key,
    requestHash: row.request_hash,
    output:
      row.output_key === null
        ? null
        : {
            key: row.output_key,
            sizeBytes: Number(row.output_size ?? 0),
            durationSeconds: row.output_duration ?? 0,
          },
    attempts: row.attempts,
    attemptId: row.attempt_id,
    cancelRequested: row.cancel_requested,
    workerId: row.worker_id,
    heartbeatAt: row.heartbeat_at,
    leaseExpiresAt: row.lease_expires_at,
    reservedMinutes: row.reserved_minutes,
    createdAt: row.created_at,
    queuedAt: row.queued_at,
    startedAt: row.started_at,
    finishedAt: row.finished_at,
    updatedAt: row.updated_at,
  };
}
