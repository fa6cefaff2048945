import type { Sql } from '../sql.js';
import type { WebhookDelivery } from './webhook-delivery.js';
import { webhookDeliveryFromRow, type WebhookDeliveryRow } from './webhook-delivery-row.js';

/** A job's deliveries in the order they were created. */
export async function listWebhookDeliveries(sql: Sql, jobId: string): Promise<WebhookDelivery[]> {
  const { rows } = await sql.query<WebhookDeliveryRow>(
    'SELECT * FROM webhook_deliveries WHERE job_id = $1 ORDER BY created_at, event_id',
    [jobId],
  );
  return rows.map(webhookDeliveryFromRow);
}
