import type { Sql } from '../sql.js';
import type { WebhookDelivery } from './webhook-delivery.js';
import { webhookDeliveryFromRow, type WebhookDeliveryRow } from './webhook-delivery-row.js';

export interface EnqueueWebhookDeliveryInput {
  eventId: string;
  jobId: string;
  url: string;
  eventType: string;
  payload: unknown;
}

/**
 * Records an event to send. Idempotent on the event id: the code that emits events runs at least
 * once, and a second emission of the same event must not send it twice (`created` false).
 */
export async function enqueueWebhookDelivery(
  sql: Sql,
  input: EnqueueWebhookDeliveryInput,
): Promise<{ delivery: WebhookDelivery; created: boolean }> {
  const { rows } = await sql.query<WebhookDeliveryRow>(
    `INSERT INTO webhook_deliveries (event_id, job_id, url, event_type, payload)
     VALUES ($1, $2, $3, $4, $5::jsonb)
     ON CONFLICT (event_id) DO NOTHING
     RETURNING *`,
    [input.eventId, input.jobId, input.url, input.eventType, JSON.stringify(input.payload)],
  );
  if (rows[0] !== undefined) return { delivery: webhookDeliveryFromRow(rows[0]), created: true };
  const { rows: existing } = await sql.query<WebhookDeliveryRow>(
    'SELECT * FROM webhook_deliveries WHERE event_id = $1',
    [input.eventId],
  );
  return { delivery: webhookDeliveryFromRow(existing[0]!), created: false };
}
