/**
 * The one registry of error codes. Every failure a user or operator can see carries one of these
 * codes; the code is the contract (clients branch on it), the message is for humans.
 *
 * `status` is the HTTP status the API answers with; domain code never chooses HTTP statuses itself.
 * `retryable` tells the queue whether another attempt can succeed (a corrupt video never will; a
 * crashed browser usually does).
 */
export const ERROR_CODES = {
  INVALID_REQUEST: { status: 400, retryable: false, title: 'The request is malformed' },
  INVALID_OPTIONS: { status: 400, retryable: false, title: 'Render options are invalid' },
  INVALID_SCENARIO: { status: 400, retryable: false, title: 'The scenario is invalid' },
  UNSUPPORTED_SCENARIO_VERSION: {
    status: 400,
    retryable: false,
    title: 'The scenario version is not supported',
  },
  INVALID_SUBTITLES: { status: 400, retryable: false, title: 'The subtitle file cannot be parsed' },
  UNKNOWN_PLUGIN: { status: 400, retryable: false, title: 'The scenario uses an unknown plugin' },
  INVALID_PLUGIN: { status: 400, retryable: false, title: 'The plugin package is invalid' },
  PLUGIN_FAILED: { status: 422, retryable: false, title: 'A plugin failed while rendering' },
  // A job renders with the plugin packages pinned (by hash) when it was created; one that is gone
  // by render time (removed from the registry, or a built-in changed by a new release) is not
  // swapped for another package of the same name.
  PLUGIN_UNAVAILABLE: {
    status: 422,
    retryable: false,
    title: 'A plugin package the job was pinned to is no longer available',
  },
  MISSING_FONT: { status: 400, retryable: false, title: 'A font the scenario needs is missing' },
  ASSET_NOT_FOUND: { status: 400, retryable: false, title: 'A scenario asset was not found' },
  ASSET_NOT_ALLOWED: {
    status: 400,
    retryable: false,
    title: 'A scenario asset is outside the allowed sources',
  },
  MEDIA_NOT_FOUND: { status: 400, retryable: false, title: 'The source video was not found' },
  UNSUPPORTED_MEDIA: { status: 415, retryable: false, title: 'The source video is not supported' },
  MEDIA_LIMIT_EXCEEDED: {
    status: 413,
    retryable: false,
    title: 'The source video exceeds a limit',
  },
  URL_NOT_ALLOWED: { status: 400, retryable: false, title: 'The URL is not allowed' },
  DOWNLOAD_FAILED: { status: 502, retryable: true, title: 'The video could not be downloaded' },
  DOWNLOAD_TOO_LARGE: { status: 413, retryable: false, title: 'The download is too large' },
  PAYLOAD_TOO_LARGE: { status: 413, retryable: false, title: 'The request body is too large' },
  JSON_TOO_DEEP: { status: 400, retryable: false, title: 'The JSON is nested too deeply' },
  UNSUPPORTED_CONTENT_TYPE: {
    status: 415,
    retryable: false,
    title: 'The request body has an unsupported content type',
  },
  ENCODER_UNAVAILABLE: {
    status: 422,
    retryable: false,
    title: 'The requested encoder is not available',
  },
  OUTPUT_NOT_WRITABLE: { status: 500, retryable: false, title: 'The output cannot be written' },
  BROWSER_UNAVAILABLE: { status: 503, retryable: true, title: 'No usable Chromium was found' },
  BROWSER_CRASHED: { status: 500, retryable: true, title: 'The capture browser crashed' },
  FFMPEG_UNAVAILABLE: { status: 503, retryable: false, title: 'FFmpeg is not installed' },
  FFMPEG_FAILED: { status: 500, retryable: true, title: 'FFmpeg failed' },
  RENDER_TIMEOUT: { status: 504, retryable: true, title: 'The render took too long' },
  WORKER_LOST: {
    status: 500,
    retryable: true,
    title: 'The worker running the job stopped responding',
  },
  WEBHOOK_FAILED: { status: 502, retryable: true, title: 'The webhook receiver did not accept it' },
  CANCELLED: { status: 409, retryable: false, title: 'The job was cancelled' },
  GPU_MEMORY_INSUFFICIENT: {
    status: 422,
    retryable: false,
    title: 'No worker has enough GPU memory for this job',
  },
  STORAGE_FAILED: { status: 503, retryable: true, title: 'Storage failed' },
  INVALID_STORAGE_KEY: {
    status: 400,
    retryable: false,
    title: 'The storage key is not a safe relative path',
  },
  QUEUE_UNAVAILABLE: { status: 503, retryable: true, title: 'The job queue is unavailable' },
  RANGE_NOT_SATISFIABLE: {
    status: 416,
    retryable: false,
    title: 'The requested byte range is outside the object',
  },
  UNAUTHORIZED: { status: 401, retryable: false, title: 'Authentication is required' },
  FORBIDDEN: { status: 403, retryable: false, title: 'Not allowed' },
  NOT_FOUND: { status: 404, retryable: false, title: 'Not found' },
  CONFLICT: { status: 409, retryable: false, title: 'Conflict with the current state' },
  QUOTA_EXCEEDED: { status: 429, retryable: false, title: 'Quota exceeded' },
  RATE_LIMITED: { status: 429, retryable: true, title: 'Too many requests' },
  NOT_READY: { status: 503, retryable: true, title: 'The service is not ready' },
  CONFIG_INVALID: { status: 500, retryable: false, title: 'The configuration is invalid' },
  DATA_DIR_IN_USE: {
    status: 409,
    retryable: false,
    title: 'Another process is using the data directory',
  },
  DATABASE_UNAVAILABLE: {
    status: 503,
    retryable: true,
    title: 'The database cannot be reached',
  },
  MIGRATION_FAILED: {
    status: 500,
    retryable: false,
    title: 'The database schema could not be migrated',
  },
  INTERNAL: { status: 500, retryable: true, title: 'Internal error' },
} as const satisfies Record<string, { status: number; retryable: boolean; title: string }>;

export type ErrorCode = keyof typeof ERROR_CODES;

export function isErrorCode(value: unknown): value is ErrorCode {
  return typeof value === 'string' && Object.hasOwn(ERROR_CODES, value);
}
