import type { Sql } from '../sql.js';
import type { ApiKey } from './api-key.js';
import { API_KEY_COLUMNS, apiKeyFromRow, type ApiKeyRow } from './api-key-row.js';
import { API_KEY_PREFIX } from './create-api-key.js';
import { hashApiKey } from './hash-api-key.js';

/**
 * The key's record when the key is known and not revoked, else null. Lookup is by hash, so the
 * comparison happens inside an index on values an attacker cannot choose the preimages of; there
 * is no early-exit string comparison to time.
 */
export async function verifyApiKey(sql: Sql, key: string): Promise<ApiKey | null> {
  // Cheap refusal of anything that cannot be a key, before touching the database.
  if (!key.startsWith(API_KEY_PREFIX) || key.length > 200) return null;
  const { rows } = await sql.query<ApiKeyRow>(
    `SELECT ${API_KEY_COLUMNS} FROM api_keys WHERE key_hash = $1 AND revoked_at IS NULL`,
    [hashApiKey(key)],
  );
  return rows[0] === undefined ? null : apiKeyFromRow(rows[0]);
}
