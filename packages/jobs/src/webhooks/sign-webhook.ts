import { createHmac } from 'node:crypto';
import { webhookSecretKey } from './webhook-secret-key.js';

export type WebhookHeaders = {
  'webhook-id': string;
  'webhook-timestamp': string;
  'webhook-signature': string;
};

/**
 * Standard Webhooks signature headers (https://www.standardwebhooks.com/): HMAC-SHA256 over
 * `id.timestamp.body` with the secret's key, base64, as `v1,<signature>`. `timestamp` is Unix
 * seconds; receivers reject old ones, which with the id stops replays. Sign the exact bytes sent.
 */
export function signWebhook(input: {
  secret: string;
  id: string;
  timestamp: number;
  body: string;
}): WebhookHeaders {
  const timestamp = String(Math.floor(input.timestamp));
  const signature = createHmac('sha256', webhookSecretKey(input.secret))
    .update(`${input.id}.${timestamp}.${input.body}`)
    .digest('base64');
  return {
    'webhook-id': input.id,
    'webhook-timestamp': timestamp,
    'webhook-signature': `v1,${signature}`,
  };
}
