export interface ApiKeyQuotas {
  /** Jobs queued or processing at once; null: unlimited. */
  maxConcurrentJobs: number | null;
  /** Minutes of output per UTC day; null: unlimited. */
  maxMinutesPerDay: number | null;
}

/** An API key as stored: never the key itself, only its hash and a prefix to recognise it by. */
export interface ApiKey {
  id: string;
  name: string;
  prefix: string;
  quotas: ApiKeyQuotas;
  createdAt: Date;
  revokedAt: Date | null;
}
