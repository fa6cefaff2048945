import { randomBytes, randomUUID } from 'node:crypto';
import type { Sql } from '../sql.js';
import type { ApiKey, ApiKeyQuotas } from './api-key.js';
import { API_KEY_COLUMNS, apiKeyFromRow, type ApiKeyRow } from './api-key-row.js';
import { hashApiKey } from './hash-api-key.js';

/** Keys look like ecgr_<43 base64url characters>: recognisable in leaks and by secret scanners. */
export const API_KEY_PREFIX = 'ecgr_';
const PREFIX_LENGTH = API_KEY_PREFIX.length + 6;

export interface CreateApiKeyInput {
  name: string;
  quotas?: Partial<ApiKeyQuotas>;
}

/**
 * Creates a key and returns it in clear this once; only its sha256 is stored, so a lost key
 * cannot be shown again (create another and revoke the old one).
 */
export async function createApiKey(
  sql: Sql,
  input: CreateApiKeyInput,
): Promise<{ id: string; key: string; apiKey: ApiKey }> {
  const id = randomUUID();
  const key = `${API_KEY_PREFIX}${randomBytes(32).toString('base64url')}`;
  const { rows } = await sql.query<ApiKeyRow>(
    `INSERT INTO api_keys (id, name, key_hash, prefix, max_concurrent_jobs, max_minutes_per_day)
     VALUES ($1, $2, $3, $4, $5, $6)
     RETURNING ${API_KEY_COLUMNS}`,
    [
      id,
      input.name,
      hashApiKey(key),
      key.slice(0, PREFIX_LENGTH),
      input.quotas?.maxConcurrentJobs ?? null,
      input.quotas?.maxMinutesPerDay ?? null,
    ],
  );
  return { id, key, apiKey: apiKeyFromRow(rows[0]!) };
}
