// Database access: one schema and set of migrations for PostgreSQL and embedded PGlite, and
// small repository functions that take the database (or a transaction) as their first argument.
export type { Db, IsolationLevel, QueryResult, Sql, TransactionOptions } from './sql.js';
export { openDatabase, type DatabaseTarget } from './open-database.js';
export type { PostgresOptions } from './postgres-database.js';
export { migrate, type MigrateOptions, type MigrateResult } from './migrate.js';

export {
  JOB_STATES,
  type CallbackStyle,
  type Job,
  type JobOutput,
  type JobScenario,
  type JobScope,
  type JobSource,
  type JobState,
} from './jobs/job.js';
export {
  JOB_TRANSITIONS,
  canTransitionJob,
  isFinishedJobState,
  jobSourcesFor,
} from './jobs/job-state-machine.js';
export { hashJobRequest } from './jobs/hash-job-request.js';
export { createJob, type CreateJobInput, type CreateJobResult } from './jobs/create-job.js';
export { getJob } from './jobs/get-job.js';
export { getJobByExternalId } from './jobs/get-job-by-external-id.js';
export { listJobs, type JobPage, type ListJobsInput } from './jobs/list-jobs.js';
export { claimJob, type ClaimJobInput } from './jobs/claim-job.js';
export {
  updateJobProgress,
  type JobProgressInput,
  type JobProgressResult,
} from './jobs/update-job-progress.js';
export { heartbeatJob } from './jobs/heartbeat-job.js';
export { completeJob } from './jobs/complete-job.js';
export { failJob } from './jobs/fail-job.js';
export { finishJob, type JobOutcome } from './jobs/finish-job.js';
export { releaseJob } from './jobs/release-job.js';
export { cancelJob } from './jobs/cancel-job.js';
export { deleteJob } from './jobs/delete-job.js';
export type { JobScanPage, ScanCursor } from './jobs/scan-jobs.js';
export { findStaleJobs } from './jobs/find-stale-jobs.js';
export { findQueuedJobs } from './jobs/find-queued-jobs.js';
export { findEndedJobsWithoutEvent } from './jobs/find-ended-jobs-without-event.js';
export { countJobsByState } from './jobs/count-jobs-by-state.js';

export type { Segment, SegmentState } from './segments/segment.js';
export { createSegments } from './segments/create-segments.js';
export { claimSegment, type ClaimSegmentInput } from './segments/claim-segment.js';
export { heartbeatSegment } from './segments/heartbeat-segment.js';
export { completeSegment } from './segments/complete-segment.js';
export { failSegment } from './segments/fail-segment.js';
export { releaseSegment } from './segments/release-segment.js';
export { listSegments } from './segments/list-segments.js';
export { areAllSegmentsDone } from './segments/are-all-segments-done.js';

export type { ApiKey, ApiKeyQuotas } from './api-keys/api-key.js';
export { API_KEY_PREFIX, createApiKey, type CreateApiKeyInput } from './api-keys/create-api-key.js';
export { verifyApiKey } from './api-keys/verify-api-key.js';
export { getApiKey } from './api-keys/get-api-key.js';
export { listApiKeys } from './api-keys/list-api-keys.js';
export { revokeApiKey } from './api-keys/revoke-api-key.js';

export { checkAndReserveQuota, type QuotaReservation } from './usage/check-and-reserve-quota.js';
export { getUsage, type Usage } from './usage/get-usage.js';

export type { Plugin } from './plugins/plugin.js';
export { registerPlugin, type RegisterPluginInput } from './plugins/register-plugin.js';
export { findPlugin } from './plugins/find-plugin.js';
export { findPluginByHash } from './plugins/find-plugin-by-hash.js';
export { listPlugins } from './plugins/list-plugins.js';

export type { WebhookDelivery } from './webhooks/webhook-delivery.js';
export {
  enqueueWebhookDelivery,
  type EnqueueWebhookDeliveryInput,
} from './webhooks/enqueue-webhook-delivery.js';
export {
  recordWebhookAttempt,
  type WebhookAttemptOutcome,
} from './webhooks/record-webhook-attempt.js';
export { findDueWebhookDeliveries } from './webhooks/find-due-webhook-deliveries.js';
export { listWebhookDeliveries } from './webhooks/list-webhook-deliveries.js';

export type { Worker } from './workers/worker.js';
export { registerWorker } from './workers/register-worker.js';
export { touchWorker } from './workers/touch-worker.js';
export { listWorkers } from './workers/list-workers.js';
export { removeWorker } from './workers/remove-worker.js';
