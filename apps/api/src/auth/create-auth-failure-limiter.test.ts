import { describe, expect, it } from 'vitest';
import { createAuthFailureLimiter } from './create-auth-failure-limiter.js';

describe('createAuthFailureLimiter', () => {
  it('refuses an address over the limit until its minute is over', () => {
    let now = 1_000_000;
    const limiter = createAuthFailureLimiter({ maxPerMinute: 2, now: () => now });
    limiter.recordFailure('a');
    expect(limiter.retryAfterSeconds('a')).toBeNull();
    limiter.recordFailure('a');
    now += 15_000;
    expect(limiter.retryAfterSeconds('a')).toBe(45);
    expect(limiter.retryAfterSeconds('b')).toBeNull();
    now += 45_000;
    expect(limiter.retryAfterSeconds('a')).toBeNull();
  });

  it('tracks at most maxAddresses, dropping the oldest windows', () => {
    const limiter = createAuthFailureLimiter({ maxPerMinute: 1, maxAddresses: 2 });
    for (const address of ['a', 'b', 'c']) limiter.recordFailure(address);
    expect(limiter.retryAfterSeconds('a')).toBeNull();
    expect(limiter.retryAfterSeconds('b')).not.toBeNull();
    expect(limiter.retryAfterSeconds('c')).not.toBeNull();
  });
});
