import type { ApiKey } from './api-key.js';

export interface ApiKeyRow {
  id: string;
  name: string;
  prefix: string;
  max_concurrent_jobs: number | null;
  max_minutes_per_day: number | null;
  created_at: Date;
  revoked_at: Date | null;
}

/** The columns ApiKeyRow needs; key_hash is deliberately never selected. */
export const API_KEY_COLUMNS =
  'id, name, prefix, max_concurrent_jobs, max_minutes_per_day, created_at, revoked_at';

export function apiKeyFromRow(row: ApiKeyRow): ApiKey {
  return {
    id: row.id,
    name: row.name,
    prefix: row.prefix,
    quotas: {
      maxConcurrentJobs: row.max_concurrent_jobs,
      maxMinutesPerDay: row.max_minutes_per_day,
    },
    createdAt: row.created_at,
    revokedAt: row.revoked_at,
  };
}
