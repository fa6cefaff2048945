/**
 * The HMAC key of a webhook secret. Standard Webhooks secrets are `whsec_` + base64 of the key
 * bytes; any other string is used as its UTF-8 bytes (what WEBHOOK_SECRET also accepts).
 */
export function webhookSecretKey(secret: string): Buffer {
  return secret.startsWith('whsec_')
    ? Buffer.from(secret.slice('whsec_'.length), 'base64')
    : Buffer.from(secret, 'utf8');
}
