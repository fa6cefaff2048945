import type { WebhookDelivery } from './webhook-delivery.js';

export interface WebhookDeliveryRow {
  event_id: string;
  job_id: string;
  url: string;
  event_type: string;
  payload: unknown;
  attempts: number;
  next_attempt_at: Date;
  delivered_at: Date | null;
  abandoned_at: Date | null;
  last_status: number | null;
  last_error: string | null;
  created_at: Date;
  updated_at: Date;
}

export function webhookDeliveryFromRow(row: WebhookDeliveryRow): WebhookDelivery {
  return {
    eventId: row.event_id,
    jobId: row.job_id,
    url: row.url,
    eventType: row.event_type,
    payload: row.payload,
    attempts: row.attempts,
    nextAttemptAt: row.next_attempt_at,
    deliveredAt: row.delivered_at,
    abandonedAt: row.abandoned_at,
    lastStatus: row.last_status,
    lastError: row.last_error,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}
