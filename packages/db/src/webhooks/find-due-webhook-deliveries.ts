import type { Sql } from '../sql.js';
import type { WebhookDelivery } from './webhook-delivery.js';
import { webhookDeliveryFromRow, type WebhookDeliveryRow } from './webhook-delivery-row.js';

/**
 * Deliveries neither delivered nor abandoned whose next attempt is due, oldest first: for the
 * sweeper that re-enqueues sends the webhook queue lost.
 */
export async function findDueWebhookDeliveries(
  sql: Sql,
  input: { limit?: number } = {},
): Promise<WebhookDelivery[]> {
  const { rows } = await sql.query<WebhookDeliveryRow>(
    `SELECT * FROM webhook_deliveries
      WHERE delivered_at IS NULL AND abandoned_at IS NULL AND next_attempt_at <= now()
      ORDER BY next_attempt_at, created_at
      LIMIT $1`,
    [input.limit ?? 100],
  );
  return rows.map(webhookDeliveryFromRow);
}
