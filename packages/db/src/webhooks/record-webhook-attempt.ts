import { EcgError } from '@ecg-render/errors';
import type { Sql } from '../sql.js';
import type { WebhookDelivery } from './webhook-delivery.js';
import { webhookDeliveryFromRow, type WebhookDeliveryRow } from './webhook-delivery-row.js';

/** What one send produced. `retryInSeconds` null: give up (retries exhausted, or a 410 Gone). */
export type WebhookAttemptOutcome =
  | { kind: 'delivered'; status: number }
  | { kind: 'failed'; status: number | null; error: string; retryInSeconds: number | null };

/**
 * Records one send of a delivery. A delivered or abandoned delivery is final and is not changed
 * again (a late duplicate report is ignored and the record returned as it is).
 */
export async function recordWebhookAttempt(
  sql: Sql,
  input: { eventId: string; outcome: WebhookAttemptOutcome },
): Promise<WebhookDelivery> {
  const { outcome } = input;
  const delivered = outcome.kind === 'delivered';
  const retryIn = outcome.kind === 'failed' ? outcome.retryInSeconds : null;
  const { rows } = await sql.query<WebhookDeliveryRow>(
    `UPDATE webhook_deliveries SET
       attempts = attempts + 1,
       last_status = $2,
       last_error = $3,
       delivered_at = CASE WHEN $4::boolean THEN now() ELSE NULL END,
       abandoned_at = CASE WHEN NOT $4::boolean AND $5::double precision IS NULL THEN now() ELSE NULL END,
       next_attempt_at = CASE WHEN $5::double precision IS NULL THEN next_attempt_at
                              ELSE now() + $5::double precision * interval '1 second' END
     WHERE event_id = $1 AND delivered_at IS NULL AND abandoned_at IS NULL
     RETURNING *`,
    [
      input.eventId,
      outcome.status,
      outcome.kind === 'failed' ? outcome.error : null,
      delivered,
      retryIn,
    ],
  );
  if (rows[0] !== undefined) return webhookDeliveryFromRow(rows[0]);
  const { rows: existing } = await sql.query<WebhookDeliveryRow>(
    'SELECT * FROM webhook_deliveries WHERE event_id = $1',
    [input.eventId],
  );
  if (existing[0] === undefined) {
    throw new EcgError('NOT_FOUND', `Webhook delivery ${input.eventId} not found`);
  }
  return webhookDeliveryFromRow(existing[0]);
}
