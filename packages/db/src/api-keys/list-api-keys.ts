import type { Sql } from '../sql.js';
import type { ApiKey } from './api-key.js';
import { API_KEY_COLUMNS, apiKeyFromRow, type ApiKeyRow } from './api-key-row.js';

/** Every key, oldest first, revoked ones included (they show when and that they were revoked). */
export async function listApiKeys(sql: Sql): Promise<ApiKey[]> {
  const { rows } = await sql.query<ApiKeyRow>(
    `SELECT ${API_KEY_COLUMNS} FROM api_keys ORDER BY created_at, id`,
  );
  return rows.map(apiKeyFromRow);
}
