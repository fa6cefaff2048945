import {
  recordWebhookAttempt,
  type Sql,
  type WebhookAttemptOutcome,
  type WebhookDelivery,
} from '@ecg-render/db';
import { EcgError, toEcgError } from '@ecg-render/errors';
import { guardedRequest } from '../net/guarded-request.js';
import type { UrlPolicy } from '../net/url-policy.js';
import { signWebhook } from './sign-webhook.js';
import { webhookRetryDelaySeconds } from './webhook-retry-delay-seconds.js';

/** A fetch-like transport, for tests that need a receiver to misbehave in ways a server cannot. */
export type WebhookTransport = (request: {
  url: URL;
  headers: Record<string, string>;
  body: string;
  signal: AbortSignal;
}) => Promise<{ status: number }>;

export interface DeliverWebhookInput {
  sql: Sql;
  /** The delivery's event id (also the queue job id). */
  deliveryId: string;
  /** WEBHOOK_SECRET; null sends unsigned (standalone without a secret). */
  secret: string | null;
  signal?: AbortSignal;
  /** Default: a guarded HTTP(S) POST (the same address checks as video downloads). */
  fetchImpl?: WebhookTransport;
  /** Where receivers may be; default: public addresses only. */
  policy?: UrlPolicy;
  /** Per attempt. Default 10 s. */
  timeoutMs?: number;
  /** Sends in all before the delivery is abandoned. Default 10 (~40 min of retries). */
  maxAttempts?: number;
  /** Unix seconds for the signature; default now. */
  now?: () => number;
}

export type DeliverWebhookResult =
  | { kind: 'delivered'; status: number }
  | { kind: 'retry'; retryInSeconds: number; error: string }
  | { kind: 'abandoned'; error: string }
  /** Already delivered or abandoned (a duplicate queue message), or not found. */
  | { kind: 'skipped' };

/**
 * Sends one recorded webhook delivery and records the attempt: a 2xx is delivered; a refused URL
 * or a 410 Gone abandons at once; anything else (other statuses, network errors, timeouts) is
 * retried with exponential backoff (webhookRetryDelaySeconds) until `maxAttempts` sends, then
 * abandoned. The body is the stored payload as JSON, signed (signWebhook) under the stable event
 * id, with a fresh timestamp per attempt. The caller (the webhook queue handler) schedules the
 * retry; `retryInSeconds` is also recorded as the row's next_attempt_at, which the reconciler's
 * sweep uses if the queue lost the message.
 */
export async function deliverWebhook(input: DeliverWebhookInput): Promise<DeliverWebhookResult> {
  const delivery = await getWebhookDelivery(input.sql, input.deliveryId);
  if (!delivery || delivery.deliveredAt !== null || delivery.abandonedAt !== null) {
    return { kind: 'skipped' };
  }
  const body = JSON.stringify(delivery.payload);
  const timestamp = (input.now ?? (() => Date.now() / 1000))();
  const headers: Record<string, string> = {
    'content-type': 'application/json',
    'user-agent': 'ecg-render-webhooks',
    ...(input.secret !== null
      ? signWebhook({ secret: input.secret, id: delivery.eventId, timestamp, body })
      : {
          'webhook-id': delivery.eventId,
          'webhook-timestamp': String(Math.floor(timestamp)),
        }),
  };
  const timeout = AbortSignal.timeout(input.timeoutMs ?? 10_000);
  const signal = input.signal ? AbortSignal.any([input.signal, timeout]) : timeout;
  const maxAttempts = input.maxAttempts ?? 10;
  const attempt = delivery.attempts + 1;

  let outcome: WebhookAttemptOutcome;
  try {
    const { status } = await (input.fetchImpl ?? guardedPost(input.policy ?? {}))({
      url: new URL(delivery.url),
      headers,
      body,
      signal,
    });
    if (status >= 200 && status <= 299) {
      outcome = { kind: 'delivered', status };
    } else {
      // 410 Gone: the receiver says this endpoint is no more; retrying would only add load.
      const final = status === 410 || attempt >= maxAttempts;
      outcome = {
        kind: 'failed',
        status,
        error: `The receiver answered ${status}`,
        retryInSeconds: final ? null : webhookRetryDelaySeconds({ attempt }),
      };
    }
  } catch (error) {
    if (input.signal?.aborted) throw toEcgError(error);
    const failure = timeout.aborted
      ? new EcgError('DOWNLOAD_FAILED', `No answer within ${input.timeoutMs ?? 10_000} ms`)
      : toEcgError(error);
    const final = failure.code === 'URL_NOT_ALLOWED' || attempt >= maxAttempts;
    outcome = {
      kind: 'failed',
      status: null,
      error:
        failure.code === 'URL_NOT_ALLOWED'
          ? `URL_NOT_ALLOWED: ${failure.message}`
          : failure.message,
      retryInSeconds: final ? null : webhookRetryDelaySeconds({ attempt }),
    };
  }
  await recordWebhookAttempt(input.sql, { eventId: delivery.eventId, outcome });
  if (outcome.kind === 'delivered') return { kind: 'delivered', status: outcome.status };
  if (outcome.retryInSeconds === null) return { kind: 'abandoned', error: outcome.error };
  return { kind: 'retry', retryInSeconds: outcome.retryInSeconds, error: outcome.error };
}

function guardedPost(policy: UrlPolicy): WebhookTransport {
  return async ({ url, headers, body, signal }) => {
    const response = await guardedRequest({ url, method: 'POST', headers, body, policy, signal });
    // Receivers' bodies are not read; draining lets the socket close cleanly.
    response.resume();
    return { status: response.statusCode ?? 0 };
  };
}

/** The delivery by event id (packages/db lists deliveries by job, not one by id). */
async function getWebhookDelivery(
  sql: Sql,
  eventId: string,
): Promise<Pick<
  WebhookDelivery,
  'eventId' | 'url' | 'payload' | 'attempts' | 'deliveredAt' | 'abandonedAt'
> | null> {
  const { rows } = await sql.query<{
    event_id: string;
    url: string;
    payload: unknown;
    attempts: number;
    delivered_at: Date | null;
    abandoned_at: Date | null;
  }>(
    `SELECT event_id, url, payload, attempts, delivered_at, abandoned_at
       FROM webhook_deliveries WHERE event_id = $1`,
    [eventId],
  );
  const row = rows[0];
  if (!row) return null;
  return {
    eventId: row.event_id,
    url: row.url,
    payload: row.payload,
    attempts: row.attempts,
    deliveredAt: row.delivered_at,
    abandonedAt: row.abandoned_at,
  };
}
