import { createHash } from 'node:crypto';

/**
 * sha256 (hex) of a key. A plain fast hash is enough here (no salt, no bcrypt): keys are 256
 * random bits, not passwords a dictionary could guess, and lookups must be by exact hash.
 */
export function hashApiKey(key: string): string {
  return createHash('sha256').update(key).digest('hex');
}
