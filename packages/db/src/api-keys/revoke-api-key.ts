import type { Sql } from '../sql.js';

/**
 * Revokes a key: it stops verifying at once. The row stays, because jobs and usage refer to it.
 * True when this call revoked it; false when it was unknown or already revoked.
 */
export async function revokeApiKey(sql: Sql, id: string): Promise<boolean> {
  const { rowCount } = await sql.query(
    'UPDATE api_keys SET revoked_at = now() WHERE id = $1 AND revoked_at IS NULL',
    [id],
  );
  return rowCount === 1;
}
