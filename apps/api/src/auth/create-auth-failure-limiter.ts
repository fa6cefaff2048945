/** Counts failed authentications per client address (see createAuthFailureLimiter). */
export interface AuthFailureLimiter {
  /** Seconds until `address` may try again, or null when it is under the limit. */
  retryAfterSeconds(address: string): number | null;
  recordFailure(address: string): void;
}

const WINDOW_MS = 60_000;

/**
 * The per-key rate limiter counts only requests that authenticated, so a flood of bad or missing
 * keys was never limited and each one cost a database lookup (verifyApiKey). This counts the
 * failures per client address in fixed one-minute windows, and is asked before the lookup: an
 * address over `maxPerMinute` failures is refused (RATE_LIMITED) for the rest of its window
 * without touching the database — also for a valid key sent from it, since telling the two
 * apart is the lookup being saved. Counted in this process only (a Redis round trip per
 * refusal would move the load, not remove it); at most `maxAddresses` are tracked, the oldest
 * windows dropped first, so a spray of addresses cannot grow memory without bound.
 */
export function createAuthFailureLimiter(input: {
  maxPerMinute: number;
  maxAddresses?: number;
  now?: () => number;
}): AuthFailureLimiter {
  const now = input.now ?? Date.now;
  const maxAddresses = input.maxAddresses ?? 10_000;
  const windows = new Map<string, { start: number; failures: number }>();
  const current = (address: string) => {
    const entry = windows.get(address);
    return entry !== undefined && now() - entry.start < WINDOW_MS ? entry : undefined;
  };
  return {
    retryAfterSeconds(address) {
      const entry = current(address);
      if (entry === undefined || entry.failures < input.maxPerMinute) return null;
      return Math.max(1, Math.ceil((entry.start + WINDOW_MS - now()) / 1000));
    },
    recordFailure(address) {
      const entry = current(address);
      if (entry !== undefined) {
        entry.failures += 1;
        return;
      }
      windows.delete(address);
      // Insertion order is window start order: the first entries are the oldest.
      for (const key of windows.keys()) {
        if (windows.size < maxAddresses) break;
        windows.delete(key);
      }
      windows.set(address, { start: now(), failures: 1 });
    },
  };
}
