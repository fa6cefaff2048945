export { JOB_NAMES, JOB_SCHEMAS, type JobName, type JobPayloads } from './job-schemas.js';
export { JOB_POLICIES, type JobPolicy } from './job-policies.js';
export { parsePayload } from './parse-payload.js';
export { defaultJobId } from './default-job-id.js';
export type { RedisConnectionOptions } from './redis-connection-options.js';
export {
  createQueues,
  type AddJobOptions,
  type CreateQueuesOptions,
  type QueueCounts,
  type QueueJobState,
  type Queues,
} from './create-queues.js';
export type { JobContext, JobHandler, JobHandlers } from './job-handler.js';
export {
  startWorkers,
  type CloseWorkersOptions,
  type StalledJobSettings,
  type StartWorkersOptions,
  type Workers,
} from './start-workers.js';
export { formatFailedReason, parseFailedReason } from './failed-reason.js';
