import { ERROR_CODES, type ErrorCode } from './error-codes.js';
import type { EcgError } from './ecg-error.js';

/**
 * Codes whose messages describe this deployment rather than the request: a driver's
 * `connect ECONNREFUSED 10.0.3.4:5432`, a storage root path, a Redis address, a binary's path.
 * Clients get the code and the registry's title, which say all they can act on (retry later);
 * the message and its cause go to the log. Any client on the network can provoke these (an
 * unauthenticated `/ready`, a request while the database is down), so they must not map the
 * internal network for it; nor may a job's recorded failure, which its owner reads (status,
 * events, webhooks).
 */
export const INFRASTRUCTURE_CODES: ReadonlySet<ErrorCode> = new Set<ErrorCode>([
  'DATABASE_UNAVAILABLE',
  'QUEUE_UNAVAILABLE',
  'STORAGE_FAILED',
  'MIGRATION_FAILED',
  'CONFIG_INVALID',
  'OUTPUT_NOT_WRITABLE',
  'FFMPEG_UNAVAILABLE',
  'BROWSER_UNAVAILABLE',
  'INTERNAL',
]);

/**
 * What a client may read of an error: its message, or for INFRASTRUCTURE_CODES the registry's
 * title (the full message belongs in the log).
 */
export function publicMessage(error: Pick<EcgError, 'code' | 'message'>): string {
  return INFRASTRUCTURE_CODES.has(error.code) ? ERROR_CODES[error.code].title : error.message;
}
