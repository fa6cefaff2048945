// The job runtime shared by the API and the workers: how work is queued (Dispatcher, on BullMQ
// or in process), what jobs tell their webhooks (events, signed deliveries), how untrusted URLs
// are fetched, how registry plugins reach a worker, and what a job's options mean.

export type {
  ConsumeOptions,
  Dispatcher,
  QueueCounts,
  RuntimeDispatcher,
  TaskConsumer,
} from './queue/dispatcher.js';
export {
  createBullDispatcher,
  type BullDispatcherOptions,
} from './queue/create-bull-dispatcher.js';
export {
  createInProcessDispatcher,
  type InProcessDispatcherOptions,
} from './queue/create-in-process-dispatcher.js';
export { isShutdownAbort } from './queue/is-shutdown-abort.js';

export type { JobEventType } from './webhooks/job-event-type.js';
export { jobEventId } from './webhooks/job-event-id.js';
export {
  buildJobEventPayload,
  type EcgCallbackBody,
  type JobEventPayloadInput,
  type StandardJobEvent,
} from './webhooks/build-job-event-payload.js';
export {
  createProgressEventThrottle,
  type ProgressEventThrottle,
} from './webhooks/progress-event-throttle.js';
export {
  recordJobEvent,
  type RecordedJobEvent,
  type RecordJobEventInput,
} from './webhooks/record-job-event.js';
export { signWebhook, type WebhookHeaders } from './webhooks/sign-webhook.js';
export { verifyWebhook } from './webhooks/verify-webhook.js';
export { webhookRetryDelaySeconds } from './webhooks/webhook-retry-delay-seconds.js';
export {
  deliverWebhook,
  type DeliverWebhookInput,
  type DeliverWebhookResult,
  type WebhookTransport,
} from './webhooks/deliver-webhook.js';

export type { ResolvedAddress, UrlPolicy } from './net/url-policy.js';
export { forbiddenAddressReason } from './net/forbidden-address-reason.js';
export { checkUrl } from './net/check-url.js';
export { assertPublicUrl } from './net/assert-public-url.js';
export {
  downloadToFile,
  type DownloadResult,
  type DownloadToFileOptions,
} from './net/download-to-file.js';

export { pluginStorageKey } from './plugins/plugin-storage-key.js';
export type { PluginFileIndex } from './plugins/plugin-file-index.js';
export { storePluginPackage } from './plugins/store-plugin-package.js';
export { fetchPluginPackages } from './plugins/fetch-plugin-packages.js';
export type { PinnedPlugin } from './plugins/pinned-plugin.js';
export { pinnedPluginsOf } from './plugins/pinned-plugins-of.js';

export {
  OUTPUT_FORMATS,
  QUALITY_PRESETS,
  parseRenderJobOptions,
  type OutputFormat,
  type QualityName,
  type RenderJobOptions,
} from './options/render-job-options.js';
export { renderSettingsFor, type RenderSettings } from './options/render-settings-for.js';
export { qualityForScore } from './options/quality-for-score.js';

export { jobStorageKeys } from './job-storage-keys.js';
export { jobDownloadPath } from './job-download-path.js';
export { jobDownloadName } from './job-download-name.js';
export { planSegmentRanges } from './segments/plan-segment-ranges.js';
export { countFailuresByCode } from './count-failures-by-code.js';
export { loadJobScenario } from './load-job-scenario.js';
