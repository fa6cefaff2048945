import { EcgError } from '@ecg-render/errors';
import { validateKey } from './validate-key.js';

/**
 * Checks a prefix for deletePrefix and returns it unchanged. It must be a valid key followed by
 * `/`: a whole "folder". A bare string prefix would let `jobs/1` delete `jobs/10…` too, and an
 * empty one would empty the store.
 */
export function validatePrefix(prefix: unknown): string {
  if (typeof prefix !== 'string' || !prefix.endsWith('/')) {
    throw new EcgError(
      'INVALID_STORAGE_KEY',
      `Invalid storage prefix ${JSON.stringify(prefix)}: it must be a key followed by "/"`,
      { details: { prefix: String(prefix), reason: 'it must end with "/"' } },
    );
  }
  validateKey(prefix.slice(0, -1));
  return prefix;
}
