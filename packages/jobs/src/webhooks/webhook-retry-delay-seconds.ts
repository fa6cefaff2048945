/**
 * Seconds before retry number `attempt` (1 = the first retry) of a webhook: 5 s doubling, capped
 * at an hour, with up to `jitter` of it taken off at random so that a receiver coming back after
 * an outage is not hit by every pending delivery at once.
 */
export function webhookRetryDelaySeconds(input: {
  attempt: number;
  baseSeconds?: number;
  capSeconds?: number;
  jitter?: number;
  random?: () => number;
}): number {
  const base = input.baseSeconds ?? 5;
  const cap = input.capSeconds ?? 3600;
  const jitter = input.jitter ?? 0.2;
  const exact = Math.min(cap, base * 2 ** Math.max(0, input.attempt - 1));
  return exact * (1 - jitter * (input.random ?? Math.random)());
}
