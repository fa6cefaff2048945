import type { Sql } from '../sql.js';
import type { ApiKey } from './api-key.js';
import { API_KEY_COLUMNS, apiKeyFromRow, type ApiKeyRow } from './api-key-row.js';

/** A key's record by id, revoked or not; null when there is none. */
export async function getApiKey(sql: Sql, id: string): Promise<ApiKey | null> {
  const { rows } = await sql.query<ApiKeyRow>(
    `SELECT ${API_KEY_COLUMNS} FROM api_keys WHERE id = $1`,
    [id],
  );
  return rows[0] === undefined ? null : apiKeyFromRow(rows[0]);
}
