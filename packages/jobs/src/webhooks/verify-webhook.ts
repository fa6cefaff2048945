import { timingSafeEqual } from 'node:crypto';
import { signWebhook } from './sign-webhook.js';

/**
 * Checks a received webhook (for receivers, and our tests): the signature header holds one or
 * more space-separated `v1,<base64>` entries (several during a secret rotation), one of which
 * must match, compared in constant time; and the timestamp must be within `toleranceSeconds`
 * (default 300) of `now` (Unix seconds, default the clock), so a captured request cannot be
 * replayed later. Header names are matched case-insensitively.
 */
export function verifyWebhook(input: {
  secret: string;
  headers: Record<string, string | string[] | undefined>;
  body: string;
  toleranceSeconds?: number;
  now?: number;
}): boolean {
  const header = (name: string): string | undefined => {
    const entry = Object.entries(input.headers).find(([key]) => key.toLowerCase() === name);
    const value = entry?.[1];
    return Array.isArray(value) ? value[0] : value;
  };
  const id = header('webhook-id');
  const timestamp = header('webhook-timestamp');
  const signatures = header('webhook-signature');
  if (id === undefined || timestamp === undefined || signatures === undefined) return false;
  if (!/^\d+$/.test(timestamp)) return false;
  const now = input.now ?? Date.now() / 1000;
  if (Math.abs(now - Number(timestamp)) > (input.toleranceSeconds ?? 300)) return false;

  const expected = signWebhook({
    secret: input.secret,
    id,
    timestamp: Number(timestamp),
    body: input.body,
  })['webhook-signature'].slice('v1,'.length);
  const wanted = Buffer.from(expected, 'base64');
  return signatures.split(' ').some((entry) => {
    const [version, signature] = entry.split(',');
    if (version !== 'v1' || signature === undefined) return false;
    const given = Buffer.from(signature, 'base64');
    return given.length === wanted.length && timingSafeEqual(given, wanted);
  });
}
