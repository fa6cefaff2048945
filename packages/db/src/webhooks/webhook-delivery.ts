/** One event to one URL, and how sending it went so far. */
export interface WebhookDelivery {
  /** Stable: the same event keeps its id through every retry (receivers deduplicate on it). */
  eventId: string;
  jobId: string;
  url: string;
  eventType: string;
  payload: unknown;
  attempts: number;
  nextAttemptAt: Date;
  deliveredAt: Date | null;
  /** Set when retries were exhausted. */
  abandonedAt: Date | null;
  lastStatus: number | null;
  lastError: string | null;
  createdAt: Date;
  updatedAt: Date;
}
